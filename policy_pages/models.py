"""Public content: the commitment, the policy, plain pages, and their published versions."""

from django.conf import settings
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Page, PageLogEntry
from wagtail.search import index

from home.immutable import ImmutableRecord
from home.models import BasePage
from home.storage import named_or_default_storage

from .blocks import LabelledCharBlock, PolicyStreamBlock
from .compare import VersionComparisonMixin
from .contents import contents_list, with_contents
from .forms import VersionedPageForm
from .poster_fit import PosterPageForm


class ChangeNoteRequired(Exception):
    """Raised when anything tries to publish a versioned page without a change note."""

    message = "Write a change note saying what changed in this version before publishing it."

    def __init__(self, message=None):
        super().__init__(message or self.message)


def has_change_note(page) -> bool:
    return bool((getattr(page, "change_note", "") or "").strip())


class VersionedPage(VersionComparisonMixin, RoutablePageMixin, BasePage):
    """A page whose every publish is kept as a numbered, frozen PublishedVersion."""

    change_note = models.TextField(
        blank=True,
        max_length=1000,
        help_text=(
            "What changed in this version, in plain words. Required to submit or publish; "
            "the public sees it in the list of versions."
        ),
    )

    base_form_class = VersionedPageForm
    # The template for the part of the page that a version freezes.
    content_template = ""
    # Whether the page opens with a contents list of its section headings.
    has_contents_list = False

    version_panels = [
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Each publish becomes a new numbered version that the public and "
                    "letters can cite forever."
                ),
                FieldPanel("change_note"),
            ],
            heading="Change note",
        )
    ]

    class Meta:
        abstract = True

    # Code, workflow approval, scheduled go-live and bulk actions publish through here;
    # the page editor runs the publish action itself, after its form has checked the note.
    def publish(self, revision, *args, **kwargs):
        if not has_change_note(revision.as_object()):
            raise ChangeNoteRequired()
        with transaction.atomic():
            # Publishes of one page queue here, so each sees the last one's version.
            Page.objects.select_for_update().filter(pk=self.pk).exists()
            return super().publish(revision, *args, **kwargs)

    @cached_property
    def published_versions(self):
        return PublishedVersion.objects.filter(page_id=self.pk).order_by("-number")

    @cached_property
    def current_version(self):
        return self.published_versions.first()

    @cached_property
    def changes_awaiting_approval(self):
        """The latest draft against the live version, for the approver to read."""
        from .compare import draft_changes

        return draft_changes(self)

    def frozen_content(self, request):
        """The frozen HTML of the version now live, which the live page shows instead of
        drawing its content again: the very bytes the version archive and letters point
        to. None for a preview or a draft, which are drawn from the fields, and for a
        page whose live revision has no version yet."""
        if getattr(request, "is_preview", False) or not self.live:
            return None
        version = self.current_version
        if version is None or version.revision_id != self.live_revision_id:
            return None
        return version.content_html

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        frozen = self.frozen_content(request)
        context["frozen_content"] = frozen
        if self.has_contents_list:
            # The contents list is read from the very HTML shown, frozen or drawn afresh,
            # so its links always match the headings' ids. A copy frozen before headings
            # had ids gets them here; its wording is untouched.
            shown = frozen
            if shown is None:
                shown = render_to_string(
                    self.content_template, {"page": self, "self": self}, request=request
                )
            content, entries = with_contents(shown)
            context["content_html"] = content
            context["contents"] = contents_list(entries)
        return context

    def get_cached_paths(self):
        """What a CDN may keep under this page: the page, its versions and the compare
        pages the list of versions links to (see home.cache)."""
        paths = ["/", "versions/", "versions/compare/"]
        for number in PublishedVersion.objects.filter(page_id=self.pk).values_list(
            "number", flat=True
        ):
            paths.append(f"versions/{number}/")
            if number > 1:
                paths.append(f"versions/{number}/compare/{number - 1}/")
        return paths

    @path("versions/", name="versions")
    def versions_view(self, request):
        versions = self.published_versions
        return self.render(
            request,
            template="policy_pages/version_list.html",
            context_overrides={"versions": versions, "form": self.compare_form(list(versions))},
        )

    def get_version_or_404(self, number):
        version = PublishedVersion.objects.filter(page_id=self.pk, number=number).first()
        if version is None:
            raise Http404("No such version")
        return version

    @path("versions/<int:number>/", name="version")
    def version_view(self, request, number):
        version = self.get_version_or_404(number)
        # Wagtail routes only to live pages, so this is the version's live page; the
        # notice needs no second look-up of it.
        version.live_page = self
        version.load_later_versions()
        return self.render(
            request,
            template="policy_pages/version_detail.html",
            context_overrides={"version": version},
        )


class CommitmentPage(VersionedPage):
    """Our commitment to customers: what they can expect, how they can help, how to tell us."""

    what_to_expect = StreamField(PolicyStreamBlock(), blank=True)
    how_you_can_help = StreamField(PolicyStreamBlock(), blank=True)
    feedback = StreamField(PolicyStreamBlock(), blank=True)

    content_template = "policy_pages/content/commitment_page.html"
    has_contents_list = True
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("what_to_expect", heading="What you can expect from us"),
        FieldPanel("how_you_can_help", heading="How you can help us"),
        FieldPanel("feedback", heading="Telling us what you think"),
        *VersionedPage.version_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("what_to_expect"),
        index.SearchField("how_you_can_help"),
        index.SearchField("feedback"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []


class PolicyPage(VersionedPage):
    """The policy on unacceptable behaviour and the restrictions the council may use."""

    body = StreamField(PolicyStreamBlock())

    content_template = "policy_pages/content/policy_page.html"
    has_contents_list = True
    content_panels = [*BasePage.content_panels, FieldPanel("body"), *VersionedPage.version_panels]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []


class StandardPage(BasePage):
    """A plain page, such as the accessibility statement or the privacy notice."""

    body = StreamField(PolicyStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []


class PosterIndexPage(BasePage):
    """Lists the zero-tolerance posters for printing."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["policy_pages.PosterPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posters"] = PosterPage.objects.child_of(self).live().public().order_by("title")
        return context


class PosterTheme(models.TextChoices):
    # Each pairing passes WCAG AAA contrast for large text.
    BRAND = "brand", "White on the council's teal"
    YELLOW = "yellow", "Black on yellow"
    RED = "red", "White on dark red"
    WHITE = "white", "Black on white with a teal border"


class PosterPage(VersionedPage):
    """A zero-tolerance poster for public buildings, printable on A4 and A3."""

    headline = models.CharField(max_length=60, help_text="Short and plain: read from afar.")
    behaviours = StreamField(
        [("behaviour", LabelledCharBlock(max_length=70, label="Behaviour"))],
        min_num=1,
        max_num=6,
        help_text="What we will not accept, a few words each.",
    )
    consequences = models.TextField(
        max_length=220, help_text="What will happen if someone behaves like this."
    )
    policy_page = models.ForeignKey(
        "policy_pages.PolicyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The policy the QR code leads to. Leave blank for the one letters cite.",
    )
    theme = models.CharField(max_length=20, choices=PosterTheme.choices, default="brand")

    # Refuses to publish a poster whose words do not fit A4 and A3 (see poster_fit).
    base_form_class = PosterPageForm
    content_template = "policy_pages/content/poster_page.html"
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("headline"),
        FieldPanel("behaviours"),
        FieldPanel("consequences"),
        FieldPanel("policy_page"),
        FieldPanel("theme"),
        *VersionedPage.version_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("headline"),
        index.SearchField("behaviours"),
        index.SearchField("consequences"),
    ]
    parent_page_types = ["policy_pages.PosterIndexPage"]
    subpage_types = []

    @property
    def council_name(self):
        from home.models import CouncilSettings

        return CouncilSettings.load().name

    @cached_property
    def policy_target_id(self):
        if self.policy_page_id:
            return self.policy_page_id
        from home.models import CouncilSettings

        return CouncilSettings.load().cited_policy_page_id

    @property
    def policy_address(self):
        from .posters import policy_current_address

        if not self.policy_target_id:
            return f"{settings.PUBLIC_BASE_URL}/"
        return policy_current_address(self.policy_target_id)

    @property
    def policy_qr_svg(self):
        from home.pdf import qr_code_svg

        return qr_code_svg(self.policy_address, label="QR code: our policy online")

    @path("versions/<int:number>/pdf/<str:paper>/", name="poster_pdf")
    def poster_pdf_view(self, request, number, paper):
        from .posters import PAPER_SIZES, poster_pdf

        if paper not in PAPER_SIZES:
            raise Http404("Posters come in A4 and A3")
        record = poster_pdf(self.get_version_or_404(number), paper)
        return FileResponse(
            record.file.open("rb"),
            as_attachment=True,
            filename=f"{self.slug}-version-{number}-{paper}.pdf",
            content_type="application/pdf",
        )


def poster_storage():
    """The "posters" storage when one is configured (a private prefix of the bucket), else
    the media folder. Poster PDFs are streamed by the poster's page, never linked."""
    return named_or_default_storage("posters")


class PosterPdf(models.Model):
    """A poster version rendered once to PDF on one paper size, then reused."""

    version = models.ForeignKey(
        "policy_pages.PublishedVersion", on_delete=models.PROTECT, related_name="poster_pdfs"
    )
    paper = models.CharField(max_length=2, choices=[("a4", "A4"), ("a3", "A3")])
    file = models.FileField(storage=poster_storage, upload_to="posters/")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "paper"], name="one_pdf_per_poster_paper")
        ]

    def __str__(self):
        return f"{self.version} ({self.get_paper_display()})"


class PublishedVersion(ImmutableRecord):
    """One publish of a versioned page, frozen as it was, and never changed or deleted.

    The page and revision links carry no database constraint, so the row outlives the
    page: its permanent address keeps answering after the page is moved, renamed,
    unpublished or deleted.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    published_at = models.DateTimeField()
    change_note = models.TextField()
    content_html = models.TextField()
    content_sha256 = models.CharField(max_length=64)

    changed_message = "Published versions never change."
    deleted_message = "Published versions are kept forever."

    class Meta:
        ordering = ["page_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="unique_version_per_page"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_from_one"),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "policy_pages:permanent_version",
            kwargs={"page_id": self.page_id, "number": self.number},
        )

    @property
    def permanent_url(self):
        return f"{settings.PUBLIC_BASE_URL}{self.get_absolute_url()}"

    @cached_property
    def live_page(self):
        """The page this version belongs to, while it is still published; else None."""
        # Deferred: its own type in one query, its own fields read only if used.
        return Page.objects.live().filter(pk=self.page_id).specific(defer=True).first()

    @cached_property
    def next_version(self):
        return (
            PublishedVersion.objects.filter(page_id=self.page_id, number__gt=self.number)
            .order_by("number")
            .first()
        )

    @cached_property
    def latest_version(self):
        return PublishedVersion.objects.filter(page_id=self.page_id).order_by("-number").first()

    def load_later_versions(self):
        """Read the versions after this one at once, for its notice (next and latest)."""
        later = list(
            PublishedVersion.objects.filter(page_id=self.page_id, number__gt=self.number)
            .order_by("number")
            .defer("content_html")
        )
        self.next_version = later[0] if later else None
        self.latest_version = later[-1] if later else self

    @cached_property
    def withdrawn_at(self):
        """When the page stopped being published, if this was its last version."""
        if self.next_version or self.live_page:
            return None
        entry = (
            PageLogEntry.objects.filter(
                page_id=self.page_id,
                action__in=["wagtail.unpublish", "wagtail.delete"],
                timestamp__gte=self.published_at,
            )
            .order_by("timestamp")
            .first()
        )
        return entry.timestamp if entry else self.published_at

    @property
    def in_force_until(self):
        if self.next_version:
            return self.next_version.published_at
        return self.withdrawn_at

    @property
    def is_current(self):
        return self.next_version is None and self.live_page is not None

    def page_url(self):
        """Where this page's version is read at: under the page while it lives, else here."""
        if self.live_page:
            return f"{self.live_page.url}versions/{self.number}/"
        return self.get_absolute_url()


class PolicySignOffTask(AbstractGroupApprovalTask):
    """Group approval that only offers approval once the draft carries a change note."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        revision = obj.get_latest_revision()
        draft = revision.as_object() if revision else None
        if not isinstance(draft, VersionedPage):
            return actions
        if not has_change_note(draft):
            return [action for action in actions if action[0] != "approve"]
        # Approving opens a dialog that shows what the draft changes, word by word,
        # beside its change note, with room for a comment: one approve action, never
        # one that publishes unseen.
        approving = [(name, label, True) for name, label, _ in actions if name == "approve"]
        others = [action for action in actions if action[0] != "approve"]
        return [*others, *approving[:1]]

    def get_template_for_action(self, action):
        if action == "approve":
            return "policy_pages/workflow/approve.html"
        return super().get_template_for_action(action)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve; a change note is needed to approve."

    class Meta:
        verbose_name = "policy sign-off task"
        verbose_name_plural = "policy sign-off tasks"


class RestrictionType(index.Indexed, models.Model):
    """One kind of restriction in the catalogue. The policy page lists the catalogue and
    letters quote ``letter_wording``, so the public policy and the letters always say the
    same thing."""

    name = models.CharField(max_length=120, unique=True)
    letter_wording = models.TextField(
        max_length=600,
        help_text="The plain words a letter uses, speaking to the customer as “you”.",
    )
    needs_named_contact = models.BooleanField(
        default=False, help_text="Whether a decision must name the officer or mailbox to use."
    )
    routes_to_reader = models.BooleanField(
        default=False,
        help_text="Whether contact goes to a named reader, who reads and files each item the "
        "customer sends and checks it for anything new, a complaint or a safeguarding concern.",
    )
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    search_fields = [index.SearchField("name"), index.SearchField("letter_wording")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
