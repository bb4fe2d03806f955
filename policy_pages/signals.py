"""Record a PublishedVersion whenever a versioned page goes live, by whatever path."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published

from .models import VersionedPage
from .versions import record_published_version


@receiver(page_published)
def record_version_on_publish(sender, instance, revision, **kwargs):
    # Wagtail also sends this when it merely schedules a first publish; a version is
    # recorded only once the revision is really live, at its go-live time.
    if not isinstance(instance, VersionedPage):
        return
    went_live = Page.objects.filter(pk=instance.pk, live=True, live_revision=revision)
    if went_live.exists():
        with transaction.atomic():
            record_published_version(page=instance, revision=revision)
