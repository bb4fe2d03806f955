"""The catalogue of restrictions the council may use, in the words its letters use."""

from django.db import models
from wagtail.search import index


class RestrictionType(index.Indexed, models.Model):
    """One kind of restriction. The policy page lists the catalogue, and letters quote
    ``letter_wording``, so the public policy and the letters always say the same thing."""

    name = models.CharField(max_length=120, unique=True)
    letter_wording = models.TextField(
        max_length=600,
        help_text="The plain words a letter uses, speaking to the customer as “you”.",
    )
    needs_named_contact = models.BooleanField(
        default=False, help_text="Whether a decision must name the officer or mailbox to use."
    )
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    search_fields = [index.SearchField("name"), index.SearchField("letter_wording")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
