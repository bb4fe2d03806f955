"""Start the restriction catalogue with the options the policy describes, in letter wording."""

from django.db import migrations

# (name, the words a letter uses, needs a named contact)
TYPES = [
    (
        "Contact in writing only",
        "Please contact us only in writing, by letter or by e-mail. We will not take your "
        "calls or arrange meetings for now.",
        False,
    ),
    (
        "Post only",
        "Please contact us only by letter. E-mails from you will not be read for now.",
        False,
    ),
    (
        "Telephone at set times only",
        "You may telephone us only on the days and at the times set out in this letter. Calls "
        "at other times will be ended politely.",
        False,
    ),
    (
        "Time limit on calls and meetings",
        "Calls and meetings with you will last no longer than the time set out in this letter.",
        False,
    ),
    (
        "One named point of contact",
        "Please contact only the officer or team named in this letter. They will deal with all "
        "of your contact with us, or pass it to the right person.",
        True,
    ),
    (
        "Correspondence redirected to one contact",
        "Anything you send to other staff will be passed, unanswered, to your named contact.",
        True,
    ),
    (
        "One reply to many messages",
        "When you send us several messages on one matter, we will answer them together in one "
        "reply.",
        False,
    ),
    (
        "Settled matter: read and filed",
        "We will read what you send about the matter this letter names, and file it without a "
        "reply unless it raises something new. An officer checks each item.",
        True,
    ),
    (
        "Meetings only with a witness",
        "Any meeting with you will have a second member of staff present.",
        False,
    ),
    (
        "No face-to-face contact",
        "Please do not visit our offices. You can still reach us in the ways set out in this "
        "letter.",
        False,
    ),
    (
        "Limited access to buildings",
        "You may visit only the buildings, and at the times, set out in this letter.",
        False,
    ),
    (
        "Contact through a representative",
        "Please contact us through the representative named in this letter, who has agreed to "
        "act for you.",
        True,
    ),
    (
        "Blocked from our social media",
        "You have been blocked from commenting on or messaging our social media accounts.",
        False,
    ),
    (
        "Written submissions at public meetings",
        "At public meetings, please make your points in writing instead of speaking.",
        False,
    ),
]


def seed(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    RestrictionType = apps.get_model("policy_pages.RestrictionType")
    # The policy's owners keep the catalogue, since the policy page lists it.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="policy_pages", model="restrictiontype"
    )
    approvers = Group.objects.filter(name="Policy approver").first()
    for action in ("add", "change", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_restrictiontype",
            defaults={"name": f"Can {action} restriction type"},
        )
        if approvers:
            approvers.permissions.add(permission)
    for order, (name, wording, named) in enumerate(TYPES):
        RestrictionType.objects.get_or_create(
            name=name,
            defaults={
                "letter_wording": wording,
                "needs_named_contact": named,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("policy_pages", "0005_restriction_catalogue"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
