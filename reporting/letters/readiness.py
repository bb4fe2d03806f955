"""What a letter cannot go without: an address for the way it is sent, dates on the
behaviour it quotes, the decision maker's role title, where to write for a
reconsideration. The preview lists each with a link to put it right, and issuing refuses
while any is missing."""

from dataclasses import dataclass

from django.urls import reverse

from home.dates import mentions_a_date
from reporting.customers.enums import PreferredChannel

from .placeholders import placeholders_in


@dataclass(frozen=True)
class Missing:
    """Something a letter cannot go without, and where to put it right."""

    field: str
    message: str
    fix_url: str = ""
    fix_label: str = ""


def missing_for_issue(prepared):
    """What stops ``prepared`` from being issued: an address for the way it is sent, a
    date on the behaviour relied on, the decision maker's role title, the
    reconsideration details. Each comes with a link to where it is put right."""
    missing = []
    customer = prepared.customer
    details = reverse("staff:customer_details", args=[customer.reference])
    if customer.preferred_channel == PreferredChannel.EMAIL:
        if not customer.email:
            missing.append(
                Missing(
                    "email",
                    "The person prefers e-mail, but their record has no e-mail address",
                    details,
                    "Add the e-mail address",
                )
            )
    elif not (customer.address or "").strip():
        missing.append(
            Missing(
                "address",
                "The letter goes by post, but the person's record has no postal address",
                details,
                "Add the postal address",
            )
        )
    record = prepared.warning or prepared.restriction
    if "behaviour" in placeholders_in(prepared.content.body) and not mentions_a_date(
        record.behaviour
    ):
        missing.append(
            Missing(
                "behaviour",
                f"The behaviour recorded on {record.reference} gives no date: a letter must "
                "say when each thing happened",
            )
        )
    used = set(placeholders_in(prepared.content.body))
    if "decision_maker_role" in used and not prepared.restriction.decided_by_role:
        missing.append(
            Missing(
                "decision_maker_role",
                f"The decision on {record.reference} has no role title for the decision "
                "maker, and the letter must name it",
            )
        )
    if "reconsideration" in used and not prepared.wording.contact:
        missing.append(
            Missing(
                "reconsideration",
                "The reconsideration settings do not say where to write. A policy approver "
                "adds it in the admin, under Settings, then Reconsideration and ombudsman",
                "/admin/settings/home/reconsiderationsettings/",
                "Open the reconsideration settings",
            )
        )
    return missing
