"""The demo council's public pages: the commitment, the policy in two versions, the
accessibility and privacy statements and the posters, each published with a change note."""

from home.demo import content, home_page
from home.models import CouncilSettings

from .models import (
    CommitmentPage,
    PolicyPage,
    PosterIndexPage,
    PosterPage,
    PublishedVersion,
    StandardPage,
)


def load(context):
    home = home_page()
    admin = context.user(content.SUPERUSER)
    load_commitment(home, admin, context)
    policy = load_policy(home, admin, context)
    accessibility = load_standard_page(home, admin, content.ACCESSIBILITY, context)
    privacy = load_standard_page(home, admin, content.PRIVACY, context)
    link_settings(policy, accessibility, privacy, context)
    load_posters(home, admin, policy, context)


def child(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def create_child(parent, page, context):
    page.live = False
    parent.add_child(instance=page)
    context.report(f"created the page /{page.slug}/")
    return page


def publish(page, admin, change_note=None):
    if change_note is not None:
        page.change_note = change_note
    revision = page.save_revision(user=admin)
    revision.publish(user=admin)
    return type(page).objects.get(pk=page.pk)


def version_count(page):
    return PublishedVersion.objects.filter(page_id=page.pk).count()


def load_commitment(home, admin, context):
    data = content.COMMITMENT
    page = child(home, data["slug"])
    if page is None:
        page = create_child(
            home,
            CommitmentPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                show_in_menus=True,
                what_to_expect=data["what_to_expect"],
                how_you_can_help=data["how_you_can_help"],
                feedback=data["feedback"],
            ),
            context,
        )
    if version_count(page) == 0:
        page = publish(page, admin, data["change_note"])
        context.report(f"published version 1 of /{page.slug}/")
    return page


def load_policy(home, admin, context):
    data = content.POLICY
    first = data["versions"][0]
    page = child(home, data["slug"])
    if page is None:
        page = create_child(
            home,
            PolicyPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                show_in_menus=True,
                body=first["body"],
            ),
            context,
        )
    # Publish whichever of the versions this page does not have yet, in order.
    for number, version in enumerate(data["versions"], start=1):
        if version_count(page) >= number:
            continue
        draft = page.get_latest_revision_as_object()
        draft.body = version["body"]
        page = publish(draft, admin, version["change_note"])
        context.report(f"published version {number} of /{page.slug}/")
    return page


def load_standard_page(home, admin, data, context):
    page = child(home, data["slug"])
    if page is None:
        page = create_child(
            home,
            StandardPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                show_in_menus=False,
                body=data["body"],
            ),
            context,
        )
    if not page.live:
        page = publish(page, admin)
        context.report(f"published /{page.slug}/")
    return page


def link_settings(policy, accessibility, privacy, context):
    """Point the council's settings at the policy letters cite and the footer's pages."""
    council = CouncilSettings.load()
    links = {
        "cited_policy_page": policy,
        "accessibility_page": accessibility,
        "privacy_page": privacy,
    }
    changed = False
    for name, page in links.items():
        if getattr(council, f"{name}_id") is None:
            setattr(council, name, page)
            changed = True
    if changed:
        council.save()
        context.report("linked the council settings to the policy and footer pages")


def load_posters(home, admin, policy, context):
    data = content.POSTER_INDEX
    index = child(home, data["slug"])
    if index is None:
        index = create_child(
            home,
            PosterIndexPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                show_in_menus=True,
            ),
            context,
        )
    if not index.live:
        index = publish(index, admin)
        context.report(f"published /{index.slug}/")
    for poster in content.POSTERS:
        page = child(index, poster["slug"])
        if page is None:
            page = create_child(
                index,
                PosterPage(
                    title=poster["title"],
                    slug=poster["slug"],
                    theme=poster["theme"],
                    policy_page=policy,
                    **{k: v for k, v in poster["versions"][0].items() if k != "change_note"},
                ),
                context,
            )
        for number, version in enumerate(poster["versions"], start=1):
            if version_count(page) >= number:
                continue
            draft = page.get_latest_revision_as_object()
            for name, value in version.items():
                setattr(draft, name, value)
            page = publish(draft, admin, version["change_note"])
            context.report(f"published version {number} of the poster {page.slug}")
