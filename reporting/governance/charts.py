"""Horizontal bar charts drawn on the server as plain SVG: the geometry is worked out
here so the template only places what it is given. A hidden (suppressed) count gets
no bar, only its words."""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    width: int
    value: str
    colour: str
    drawn: bool
    heading: bool = False

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 3

    @property
    def value_x(self):
        return BAR_START + self.width + 6


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    height: int
    bars: list
    width: int = WIDTH
    label_x: int = LABEL_WIDTH
    bar_x: int = BAR_START
    bar_height: int = BAR_HEIGHT


def _short(text):
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def bar_chart(figure) -> Chart:
    """The chart of a monitoring figure: one bar for each count, under its row's label
    when the figure has more than one column."""
    shown = [cell.count for row in figure.rows for cell in row.cells if not cell.suppressed]
    largest = max(shown, default=0) or 1
    several = len(figure.columns) > 1
    bars, y = [], 4
    for row in figure.rows:
        if several:
            bars.append(Bar(y, _short(row.label), 0, "", "", drawn=False, heading=True))
            y += LINE
        for column, cell, colour in zip(figure.columns, row.cells, COLOURS * 3, strict=False):
            width = 0 if cell.suppressed else round(BAR_SPACE * cell.count / largest)
            label = column if several else row.label
            bars.append(Bar(y, _short(label), width, cell.text, colour, not cell.suppressed))
            y += LINE
    parts = []
    for row in figure.rows:
        values = ", ".join(
            f"{column.lower()} {cell.text}" if several else cell.text
            for column, cell in zip(figure.columns, row.cells, strict=True)
        )
        parts.append(f"{row.label}: {values}")
    description = (
        "Bar chart of the table that follows. " + "; ".join(parts) + "."
        if parts
        else "Nothing to show for this period."
    )
    return Chart(
        key=figure.key,
        title=figure.title,
        description=description,
        height=max(y + 4, LINE),
        bars=bars,
    )
