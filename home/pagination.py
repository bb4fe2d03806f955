"""One GOV.UK pagination block for every paged list: search results, queues, reports."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# How many rows a long list counts before it says "more than" instead.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Pages of a list that counts at most ``cap`` of its rows.

    Counting every incident a manager's services have ever had (hundreds of thousands
    in time) costs more than showing the page of 25. Past the cap the count stops,
    ``more`` is True and the pages end there: nobody pages through 400 pages, they
    filter. Counting up to ``cap`` + 1 rows, the database reads them from an index."""

    def __init__(self, object_list, per_page, *, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or COUNT_CAP
        self.more = False

    @cached_property
    def count(self):
        # Any cap + 1 rows will do, so in no order: the database need not sort them.
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.more = counted > self.cap
        return min(counted, self.cap)


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
