"""Site-wide models: the user and image models, the home page and the council's settings."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index


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


class BasePage(Page):
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
