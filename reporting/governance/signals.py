"""A change to the retention schedule changes the privacy notice, which lists its periods:
the cached public pages are retired with it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from policy_pages.signals import public_content_changed

from .models import RetentionRule


@receiver(post_save, sender=RetentionRule)
@receiver(post_delete, sender=RetentionRule)
def schedule_changed(sender, instance, **kwargs):
    public_content_changed()
