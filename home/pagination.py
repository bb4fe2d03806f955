"""One GOV.UK pagination block for every paged list: search results, queues, reports."""

from urllib.parse import urlencode


def pagination(page_obj, query=None):
    """Previous, numbered and next links for ``page_obj``, keeping ``query``; None for one page.

    ``query`` maps parameter names to a value or a list of values (as from
    ``QueryDict.lists()``); its own ``page`` is replaced.
    """
    paginator = page_obj.paginator
    if paginator.num_pages < 2:
        return None
    kept = {key: value for key, value in (query or {}).items() if key != "page"}

    def link(number):
        return "?" + urlencode({**kept, "page": number}, doseq=True)

    items = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append(
                {"number": number, "url": link(number), "current": number == page_obj.number}
            )
    return {
        "previous": link(page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next": link(page_obj.next_page_number()) if page_obj.has_next() else None,
        "items": items,
    }
