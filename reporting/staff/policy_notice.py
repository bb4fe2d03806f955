"""Telling whoever publishes a new version of the policy that letters cite which
restrictions in force rest on an older version.

A publish happens in several admin views (the page editor, a workflow approval, a bulk
action), and none of them hands its request to the publish signal. So this middleware
opens a list for each request, ``policy_pages.signals.version_published`` adds each new
version to it, and once the view has answered (its transaction committed) the middleware
adds a message for the cited policy's new version. Publishers need not be able to open
the staff area, so the message itself lists the restrictions: references only, never
names. A publish without a request (a scheduled go-live) shows no message; decision
makers find the restrictions in their tasks either way.
"""

import contextvars
from itertools import groupby

from django.contrib import messages
from django.dispatch import receiver
from django.utils.html import format_html, format_html_join

from policy_pages.signals import version_published
from policy_pages.versions import cited_policy_version
from reporting.restrictions.selectors import decided_under_older_policy, policy_changes

# The message names at most this many restrictions, then says how many more there are.
NOTICE_LIMIT = 20

_published = contextvars.ContextVar("published_versions", default=None)


@receiver(version_published)
def note_published_version(sender, version, **kwargs):
    published = _published.get()
    if published is not None:
        published.append(version.pk)


class PolicyChangeNoticeMiddleware:
    """Adds the notice to the messages of a request that published the cited policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _published.set([])
        try:
            response = self.get_response(request)
            published = _published.get()
        finally:
            _published.reset(token)
        if published:
            notice = policy_change_notice(published)
            if notice:
                messages.warning(request, notice)
        return response


def _older_version_line(older, changes):
    references = ", ".join(change.restriction.reference for change in changes)
    if not changes[0].compare_url:
        return format_html("Decided under version {}: {}.", older.number, references)
    return format_html(
        'Decided under version {} (<a href="{}">compare version {} with version {}</a>): {}.',
        older.number,
        changes[0].compare_url,
        older.number,
        changes[0].latest.number,
        references,
    )


def policy_change_notice(version_ids):
    """The publisher's notice when one of ``version_ids`` is the cited policy's latest
    version, else ""."""
    latest = cited_policy_version()
    if latest is None or latest.pk not in version_ids:
        return ""
    restrictions = decided_under_older_policy(latest)
    count = restrictions.count()
    lead = format_html(
        "Version {} of {} is now the version that decisions and letters cite.",
        latest.number,
        latest.title,
    )
    if not count:
        return format_html("{} No restriction in force was decided under an older version.", lead)
    changes = policy_changes(restrictions[:NOTICE_LIMIT], latest)
    lines = format_html_join(
        " ",
        "{}",
        (
            (_older_version_line(older, list(group)),)
            for older, group in groupby(changes, key=lambda change: change.decided_under)
        ),
    )
    more = format_html(" And {} more.", count - NOTICE_LIMIT) if count > NOTICE_LIMIT else ""
    restriction_words = "restriction" if count == 1 else "restrictions"
    return format_html(
        "{} {} {} in force {} decided under an older version. {}{} Decision makers have "
        "them in their tasks, to bring each review forward or record that the change does "
        "not affect it.",
        lead,
        count,
        restriction_words,
        "was" if count == 1 else "were",
        lines,
        more,
    )
