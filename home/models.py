"""Site-wide models: the user and image models, the home page and the council's settings."""

import datetime

from django import forms
from django.contrib.auth.models import AbstractUser
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from .dates import add_working_days
from .page_forms import NamedRichTextPageForm
from .view_restrictions import KnownViewRestrictionsMixin


class User(AbstractUser):
    """The project's own user model, so that staff fields can be added without a swap."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class CustomImage(AbstractImage):
    """Images with alternative text kept beside them, for accessible pages and posters."""

    alt_text = models.CharField(
        max_length=255,
        blank=True,
        help_text="Describe the image for people who cannot see it. Leave blank if decorative.",
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class BasePage(KnownViewRestrictionsMixin, Page):
    """Fields and behaviour every public page shares."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown under the title and in search results.",
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The front page: says what the site is for and points to the public pages."""

    body = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])

    base_form_class = NamedRichTextPageForm
    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "policy_pages.CommitmentPage",
        "policy_pages.PolicyPage",
        "policy_pages.StandardPage",
        "policy_pages.PosterIndexPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


class Nation(models.TextChoices):
    """Where the council is: it decides the bank holidays that working days skip."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = "working", "working days"
    DAYS = "calendar", "days"


@register_setting(icon="site")
class CouncilSettings(BaseGenericSetting):
    """The council that runs this installation: one set of details for the whole site."""

    name = models.CharField(max_length=120, default="Your council")
    tagline = models.CharField(
        max_length=160, blank=True, help_text="Shown under the council's name in the header."
    )
    address = models.TextField(blank=True, help_text="Postal address, one line per row.")
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    feedback_url = models.URLField(
        blank=True, help_text="Where customers can send compliments, comments or complaints."
    )
    letterhead_details = models.TextField(
        blank=True,
        help_text="Lines printed under the council's name at the top of every letter.",
    )
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Working days skip weekends and this nation's bank holidays.",
    )
    cited_policy_page = models.ForeignKey(
        "policy_pages.PolicyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The policy whose current published version letters cite.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("letterhead_details")],
            heading="The council",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("telephone"),
                FieldPanel("email"),
                FieldPanel("feedback_url"),
                FieldPanel("nation"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [
                FieldPanel("cited_policy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
            ],
            heading="Pages",
        ),
    ]

    class Meta:
        verbose_name = "council settings"

    def __str__(self):
        return self.name

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]


class Ombudsman(models.Model):
    """An ombudsman a customer may go to, with the contact details letters and the policy
    print. The council's settings say which apply to it."""

    name = models.CharField(max_length=120, unique=True)
    covers = models.CharField(
        max_length=200,
        help_text="What it looks into, finishing the sentence “It looks into …”, such as "
        "“complaints about councils”.",
    )
    website = models.URLField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    time_limit = models.CharField(
        max_length=200,
        blank=True,
        help_text="When it expects to hear from people, such as “within 12 months of when "
        "you first knew about the problem”.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("covers"),
        FieldPanel("website"),
        FieldPanel("telephone"),
        FieldPanel("time_limit"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "ombudsmen"

    def __str__(self):
        return self.name

    @property
    def website_words(self):
        """The address as people type it: no scheme, no trailing slash."""
        return self.website.split("://", 1)[-1].rstrip("/")


@register_setting(icon="help")
class ReconsiderationSettings(BaseGenericSetting):
    """The words letters and the policy share about challenging a decision: how long a
    customer has to ask for a reconsideration, where to send it, and the ombudsmen. A
    policy approver keeps them; letters and the policy page both read them."""

    period = models.PositiveSmallIntegerField(
        default=20, help_text="How long a customer has to ask, from the date of the letter."
    )
    period_unit = models.CharField(
        max_length=10, choices=PeriodUnit.choices, default=PeriodUnit.WORKING_DAYS
    )
    contact = models.TextField(
        blank=True,
        max_length=500,
        help_text="Who a request goes to and how to send it, finishing the sentence “Write "
        "to …”, such as “Customer Relations, Civic Offices, Mill Lane, Fernhollow FH1 4QT, "
        "or e-mail customer.relations@fernhollow.example”.",
    )
    decision_maker_roles = models.TextField(
        blank=True,
        max_length=1000,
        help_text="The role titles of those who decide restrictions, one per line, as "
        "letters name them, such as “Head of Legal Services”.",
    )
    ombudsmen = models.ManyToManyField(
        Ombudsman,
        blank=True,
        related_name="+",
        help_text="The ombudsmen customers may go to once we have reconsidered.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("period"), FieldPanel("period_unit"), FieldPanel("contact")],
            heading="Asking us to reconsider",
        ),
        FieldPanel("decision_maker_roles"),
        FieldPanel("ombudsmen", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = "reconsideration and ombudsman"

    def __str__(self):
        return "Reconsideration and ombudsman"

    @property
    def period_words(self):
        """“20 working days”, “28 days”, “1 working day”."""
        unit = PeriodUnit(self.period_unit).label
        return f"{self.period} {unit[:-1] if self.period == 1 else unit}"

    def deadline(self, from_day, *, nation):
        """The last day to ask, counting from ``from_day`` (the letter's date)."""
        if self.period_unit == PeriodUnit.WORKING_DAYS:
            return add_working_days(from_day, self.period, nation=nation)
        return from_day + datetime.timedelta(days=self.period)

    def role_titles(self):
        return [line.strip() for line in self.decision_maker_roles.splitlines() if line.strip()]

    def ombudsmen_in_order(self):
        return list(self.ombudsmen.order_by("sort_order", "name"))


@register_setting(icon="mail")
class CorrespondenceSettings(BaseGenericSetting):
    """How long an item a customer sends under a read-and-file restriction may wait unread
    before the reader's managers are told."""

    unread_item_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="After this long unread, an item is flagged to the managers of the "
        "restriction's services, counted from the day it was received.",
    )
    unread_item_unit = models.CharField(
        max_length=10, choices=PeriodUnit.choices, default=PeriodUnit.WORKING_DAYS
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("unread_item_days"), FieldPanel("unread_item_unit")],
            heading="Read-and-file correspondence left unread",
        )
    ]

    class Meta:
        verbose_name = "read-and-file correspondence"

    def __str__(self):
        return "Read-and-file correspondence"

    @property
    def threshold_words(self):
        """“5 working days”, “1 day”."""
        unit = PeriodUnit(self.unread_item_unit).label
        return f"{self.unread_item_days} {unit[:-1] if self.unread_item_days == 1 else unit}"

    def read_by(self, received_on, *, nation):
        """The last day an item received on ``received_on`` may stay unread."""
        if self.unread_item_unit == PeriodUnit.WORKING_DAYS:
            return add_working_days(received_on, self.unread_item_days, nation=nation)
        return received_on + datetime.timedelta(days=self.unread_item_days)

    def overdue_if_received_by(self, today, *, nation):
        """The latest day of receipt whose item, still unread, is overdue on ``today``.
        ``read_by`` never goes back as the day of receipt goes forward, so every item
        received on or before this day is overdue too."""
        day = today - datetime.timedelta(days=1)
        while self.read_by(day, nation=nation) >= today:
            day -= datetime.timedelta(days=1)
        return day
