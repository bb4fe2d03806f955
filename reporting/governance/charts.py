"""Horizontal bar charts drawn on the server as plain SVG: the geometry is worked out
here so the template only places what it is given. A hidden (suppressed) count gets
no bar, only its words."""

WIDTH = 680
LABEL_WIDTH = 250
BAR_START = LABEL_WIDTH + 10
BAR_SPACE = 300
LINE = 24
BAR_HEIGHT = 16
# About 7.5 user units a character at 14px: the longest label that fits left of the bars.
LABEL_CHARS = 32
# GOV.UK blue, purple and green: each meets 3:1 against white.
COLOURS = ("#1d70b8", "#4c2c92", "#00703c")


def _short(text):
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def bar_chart(figure, texts=None) -> dict:
    """The chart of a monitoring figure: one bar for each count, under its row's label
    when the figure has more than one column. ``texts`` are the rows' counts as shown
    (each row's list of cell texts), when the caller has them already.

    Every number comes out as a string, and every bar as a dict, so that the template
    only places what it is given: no lookups that fall back from a key to an attribute,
    and no number formatted for the locale, for each of hundreds of bars."""
    if texts is None:
        texts = [[cell.text for cell in row.cells] for row in figure.rows]
    shown = [cell.count for row in figure.rows for cell in row.cells if not cell.suppressed]
    largest = max(shown, default=0) or 1
    several = len(figure.columns) > 1
    bars, y = [], 4
    for row, row_texts in zip(figure.rows, texts, strict=True):
        if several:
            bars.append(
                {"heading": True, "label": _short(row.label), "text_y": str(y + BAR_HEIGHT - 3)}
            )
            y += LINE
        for column, cell, text, colour in zip(
            figure.columns, row.cells, row_texts, COLOURS * 3, strict=False
        ):
            width = 0 if cell.suppressed else round(BAR_SPACE * cell.count / largest)
            bars.append(
                {
                    "heading": False,
                    "label": _short(column if several else row.label),
                    "y": str(y),
                    "text_y": str(y + BAR_HEIGHT - 3),
                    "width": str(width),
                    "value_x": str(BAR_START + width + 6),
                    "value": text,
                    "colour": colour,
                    "drawn": not cell.suppressed,
                }
            )
            y += LINE
    parts = []
    for row, row_texts in zip(figure.rows, texts, strict=True):
        values = ", ".join(
            f"{column.lower()} {text}" if several else text
            for column, text in zip(figure.columns, row_texts, strict=True)
        )
        parts.append(f"{row.label}: {values}")
    description = (
        "Bar chart of the table that follows. " + "; ".join(parts) + "."
        if parts
        else "Nothing to show for this period."
    )
    return {
        "key": figure.key,
        "title": figure.title,
        "description": description,
        "height": str(max(y + 4, LINE)),
        "bars": bars,
        "width": str(WIDTH),
        "label_x": str(LABEL_WIDTH),
        "bar_x": str(BAR_START),
        "bar_height": str(BAR_HEIGHT),
    }
