"""The public site search: published, public pages only, found through the search backend."""

import re

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page, Site

from home.pagination import pagination

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Letters and digits in any script. Both backends index only these, and punctuation
# such as quotation marks can break the SQLite full-text query syntax.
WORD = re.compile(r"[^\W_]+")


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search this site",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": (
                f"Search words must be {MAX_QUERY_LENGTH} characters or fewer. "
                "Try a shorter search using a few key words."
            ),
        },
    )

    def clean_q(self):
        # Collapse runs of spaces, tabs and line breaks into single spaces.
        return " ".join(self.cleaned_data["q"].split())


def searchable_pages(request):
    """Live, public pages of the site this request is for: never drafts, never the tree root."""
    pages = Page.objects.live().public()
    site = Site.find_for_request(request)
    pages = pages.in_site(site) if site else pages.filter(depth__gt=1)
    return pages.specific()


def search_words(query):
    """The words of a query, without the punctuation and symbols around them."""
    return " ".join(WORD.findall(query))


def result_entry(page, request):
    url = page.get_url(request=request)
    return {
        "title": page.title,
        "url": url,
        "summary": getattr(page, "summary", "") or page.search_description,
    }


def search(request):
    form = SearchForm(request.GET or None)
    query = ""
    page_obj = None
    results = []
    if form.is_valid():
        query = form.cleaned_data["q"]
    if query:
        words = search_words(query)
        # A query of symbols alone has nothing to look for, and finds nothing.
        found = searchable_pages(request).search(words) if words else Page.objects.none()
        paginator = Paginator(found, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        results = [result_entry(page, request) for page in page_obj]
    return render(
        request,
        "home/search.html",
        {
            "form": form,
            "query": query,
            "search_page": page_obj,
            "results": results,
            "result_count": page_obj.paginator.count if page_obj else 0,
            "pagination": pagination(page_obj, {"q": query}) if page_obj else None,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
