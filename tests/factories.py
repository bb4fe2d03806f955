"""Factories shared by the suite: users in roles, and published policy pages."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from policy_pages.models import PolicyPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@council.example")
    first_name = "Sam"
    last_name = "Example"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def home_page():
    return Page.objects.get(depth=2).specific


def make_policy(*, title="Behaviour policy", slug="behaviour-policy", text="First wording."):
    """A policy page under the home page, saved but not yet published."""
    page = PolicyPage(title=title, slug=slug, live=False, body=[paragraph(text)])
    home_page().add_child(instance=page)
    return PolicyPage.objects.get(pk=page.pk)


def publish(page, *, note, user=None, **changes):
    """Edit the page's draft with ``changes`` and publish it with ``note``."""
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.change_note = note
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    return PolicyPage.objects.get(pk=page.pk) if isinstance(page, PolicyPage) else page


def make_poster(*, headline="Be kind to our staff", slug="be-kind", theme="brand", policy=None):
    """A poster under a poster index (made if need be), saved but not yet published."""
    from policy_pages.models import PosterIndexPage, PosterPage

    index = PosterIndexPage.objects.first()
    if index is None:
        index = PosterIndexPage(title="Posters", slug="posters")
        home_page().add_child(instance=index)
        index.save_revision().publish()
    poster = PosterPage(
        title=headline,
        slug=slug,
        live=False,
        headline=headline,
        behaviours=[
            {"type": "behaviour", "value": "Shouting or swearing"},
            {"type": "behaviour", "value": "Threats of any kind"},
        ],
        consequences="We may end the conversation and limit how you contact us.",
        policy_page=policy,
        theme=theme,
    )
    index.add_child(instance=poster)
    return PosterPage.objects.get(pk=poster.pk)
