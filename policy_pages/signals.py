"""Record a PublishedVersion whenever a versioned page goes live, by whatever path; and
retire cached public pages whenever what the public sees may have changed."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache import frontend_cache_enabled, new_generation, purge_frontend_cache, withdrawn_urls

from .models import PublishedVersion, VersionedPage
from .versions import record_published_version

logger = logging.getLogger(__name__)

# Sent with ``version`` once a new PublishedVersion is stored, inside the publish's
# transaction. The staff area listens, to tell the publisher which restrictions rest on
# an older version of the policy that letters cite (see docs/reviews.md).
version_published = Signal()


@receiver(page_published)
def record_version_on_publish(sender, instance, revision, **kwargs):
    # Wagtail also sends this when it merely schedules a first publish; a version is
    # recorded only once the revision is really live, at its go-live time.
    if not isinstance(instance, VersionedPage):
        return
    went_live = Page.objects.filter(pk=instance.pk, live=True, live_revision=revision)
    if went_live.exists():
        with transaction.atomic():
            version = record_published_version(page=instance, revision=revision)
        version_published.send(sender=PublishedVersion, version=version)


# --- The public page cache ------------------------------------------------------------


class _AfterCommit:
    """One new generation and one CDN purge per transaction, however many changes it holds."""

    def __init__(self):
        self.urls = []
        self.ran = False

    def __call__(self):
        self.ran = True
        new_generation()
        try:
            purge_frontend_cache([*self.urls, *version_addresses()])
        except Exception:  # noqa: BLE001  (the change is saved; the CDN's copies expire)
            logger.exception("Could not ask the CDN to forget the public pages")


def version_addresses():
    """Every published version's addresses, which are not pages: the CDN forgets them too."""
    if not frontend_cache_enabled():
        return []
    base = settings.PUBLIC_BASE_URL
    versions = PublishedVersion.objects.only("page_id", "number").iterator()
    return [f"{base}{version.get_absolute_url()}" for version in versions]


def public_content_changed(*, withdrawn=None):
    """Retire every cached public page now, and again once the change is committed.

    Now, so that the rest of this request sees the change; after the commit, so that a
    page rendered from the old rows while the change was uncommitted is retired too.
    ``withdrawn`` is a page leaving the site, whose addresses the CDN must forget.
    """
    new_generation()
    urls = withdrawn_urls(withdrawn) if withdrawn is not None else []
    connection = transaction.get_connection()
    # Callbacks of a rolled-back transaction are dropped by Django, and this one with them.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _AfterCommit) and not callback.ran:
            callback.urls.extend(urls)
            return
    after_commit = _AfterCommit()
    after_commit.urls.extend(urls)
    transaction.on_commit(after_commit)


# Registered after the version recorder above, so the new version is already stored.
@receiver(page_published)
def page_went_live(sender, instance, **kwargs):
    public_content_changed()


@receiver(page_unpublished)
def page_withdrawn(sender, instance, **kwargs):
    public_content_changed(withdrawn=instance)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    public_content_changed()


@receiver(post_save)
def saved(sender, instance, **kwargs):
    # A live page saved outside a publish (a bulk edit, a script), and the other objects
    # that public pages show.
    if isinstance(instance, Page) and instance.live or _shown_to_the_public(instance):
        public_content_changed()


@receiver(post_delete)
def deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) or _shown_to_the_public(instance):
        public_content_changed()


def _shown_to_the_public(instance) -> bool:
    from home.models import CouncilSettings, Ombudsman, ReconsiderationSettings

    from .models import RestrictionType

    # The council's details are on every page, privacy decides who may read a page, the
    # site decides where pages live, and the policy lists the restriction catalogue and
    # the reconsideration wording.
    return isinstance(
        instance,
        CouncilSettings
        | ReconsiderationSettings
        | Ombudsman
        | PageViewRestriction
        | Site
        | RestrictionType,
    )
