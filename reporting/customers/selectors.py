"""Reading customer records: the record in use, the records merged into it, and the
search staff use to find a person. Reading a record, or a search showing it, writes the
audit trail here."""

import re

from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace, Upper
from django.utils import timezone

from reporting.access import audit
from reporting.access.enums import AuditAction

from .enums import DETAIL_LABELS
from .models import Customer, DetailGrant

SEARCH_LIMIT = 20
SEARCH_MAX_LENGTH = 100
REFERENCE = re.compile(r"C-?([0-9]{1,12})")
POSTCODE_AT_END = re.compile(r"(?:^|\s)([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})$")


def read_customer(customer, *, by, note=""):
    """Record that ``by`` read ``customer``'s record, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=customer, note=note)
    return customer


def normalise_reference(text):
    return "".join((text or "").split()).upper()


def current_record(customer):
    """The record in use for this person: ``customer``, or the one it was merged into."""
    seen = set()
    while customer.merged_into_id and customer.pk not in seen:
        seen.add(customer.pk)
        customer = customer.merged_into
    return customer


def merged_family_ids(customer):
    """``customer`` and every record merged into it, however many steps back."""
    ids, frontier = {customer.pk}, [customer.pk]
    while frontier:
        frontier = list(
            Customer.objects.filter(merged_into_id__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    return ids


def merged_families_ids(*, customer_ids):
    """``customer_ids`` with every record merged into or from them, along the whole chain
    of merges, sorted: a merge moves a person's records to the record kept, so what must
    stay for one record (under a legal hold, say) must stay for all of them. Unlike
    ``merged_family_ids``, which looks only back from a record in use, this also looks
    forward from a record merged away, to the record kept and all merged into it."""
    customer_ids = set(customer_ids)
    if not customer_ids:
        return []
    merged_into = dict(
        Customer._base_manager.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    )

    def kept_record(pk):
        seen = set()
        while pk in merged_into and pk not in seen:
            seen.add(pk)
            pk = merged_into[pk]
        return pk

    families = {kept_record(pk) for pk in customer_ids}
    return sorted(
        customer_ids | families | {pk for pk in merged_into if kept_record(pk) in families}
    )


def customers_in(ids):
    """The records with these ids, oldest first (a person's record and those merged into it)."""
    return Customer.objects.filter(pk__in=ids).order_by("pk")


def customer_names_among(pairs, *, exclude_ids=()):
    """Of these (first, last) name pairs, in lower case, those that are the name of a
    customer other than ``exclude_ids``."""
    pairs = set(pairs)
    found = (
        Customer.objects.exclude(pk__in=exclude_ids)
        .annotate(first=Lower("first_name"), last=Lower("last_name"))
        .filter(
            first__in={first for first, _last in pairs}, last__in={last for _first, last in pairs}
        )
        .values_list("first", "last")
    )
    return {pair for pair in found if pair in pairs}


def find_for_check(*, reference="", name="", postcode=""):
    """Current records matching a reference, or a name and postcode."""
    reference = normalise_reference(reference)
    if reference:
        found = Customer.objects.filter(reference=reference).select_related("merged_into")
        return [current_record(customer) for customer in found]
    words = name.split()
    postcode = normalise_reference(postcode)
    if not words or not postcode:
        return []
    matches = Customer.objects.current().annotate(
        compact_postcode=Replace(Upper(F("postcode")), Value(" "), Value(""))
    )
    matches = matches.filter(compact_postcode=postcode)
    for word in words:
        matches = matches.filter(Q(first_name__iexact=word) | Q(last_name__iexact=word))
    return list(matches.order_by("pk"))


def _squash(text):
    return "".join(text.split()).upper()


def find_customers(term, *, limit=SEARCH_LIMIT):
    """Current customer records matching ``term``: a customer reference (C-000123), a
    postcode, a name (each word starts a first or last name), or a name then a postcode.
    Returns at most ``limit + 1`` records, so that the caller can tell there were more."""
    term = " ".join(str(term or "").replace("\x00", "").split())[:SEARCH_MAX_LENGTH]
    if len(term) < 2:
        return []
    records = Customer.objects.current()
    reference = REFERENCE.fullmatch(_squash(term))
    if reference:
        wanted = f"C-{int(reference[1]):06d}"
        query = Q(reference=wanted) | Q(merged_records__reference=wanted)
    else:
        query, name_part = Q(), term
        postcode = POSTCODE_AT_END.search(term.upper())
        if postcode:
            records = records.annotate(
                compact_postcode=Replace(Upper(F("postcode")), Value(" "), Value(""))
            )
            query &= Q(compact_postcode=_squash(postcode[1]))
            name_part = term[: postcode.start(1)]
        words = name_part.split()[:6]
        if not postcode and not words:
            return []
        for word in words:
            query &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    found = records.filter(query).distinct().order_by("last_name", "first_name", "pk")
    return list(found[: limit + 1])


def search_customers(term, *, by, note="Shown in a search while reporting an incident"):
    """``find_customers`` for a person who asked: each record shown is in the audit trail."""
    found = find_customers(term)
    for customer in found[:SEARCH_LIMIT]:
        audit.record(
            actor=by,
            action=AuditAction.VIEW,
            obj=customer,
            note=note,
        )
    return found


def detail_changes(customer):
    """The corrections of the person's details, newest first, each with its rows."""
    changes = list(customer.changes.select_related("made_by"))
    for change in changes:
        change.rows = [
            {
                "label": DETAIL_LABELS.get(name, name),
                "before": before,
                "after": change.after.get(name, ""),
            }
            for name, before in change.before.items()
        ]
    return changes


def equality_details(customer, *, access):
    """The person's equality details for the roles that monitor (each reading audited),
    or None for anyone else, who learns only how many are recorded."""
    if not access.reads_equality_details:
        return None
    details = list(customer.equality_details.select_related("recorded_by"))
    if details:
        audit.record(
            actor=access.user,
            action=AuditAction.VIEW,
            obj=customer,
            note="Equality details read",
        )
    return details


def granted_customer_ids(access):
    """The records ``access.user`` has given a reason to read in full, while it lasts."""
    return frozenset(
        DetailGrant.objects.filter(
            granted_to_id=access.user.pk, expires_at__gt=timezone.now()
        ).values_list("customer_id", flat=True)
    )


def live_grant(customer, *, user):
    """The user's grant on this record that is still running, if any."""
    return (
        DetailGrant.objects.filter(
            customer=customer, granted_to_id=user.pk, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def grants_to_review():
    """Reasons given to read a record in full that information governance has not yet
    reviewed, oldest first."""
    return (
        DetailGrant.objects.filter(reviewed_at__isnull=True)
        .select_related("customer", "granted_to")
        .order_by("granted_at", "pk")
    )


def grants_reviewed():
    return DetailGrant.objects.filter(reviewed_at__isnull=False).select_related(
        "customer", "granted_to", "reviewed_by"
    )
