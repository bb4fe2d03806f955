"""The staff forms the fuzzers post to: for each, the role that uses it, its address
(from records named as in tests/fuzz/conftest.py's ``world``) and the names its page may
not show, such as a second step's fields."""

FORMS = {
    "report": ("Staff", lambda w: "/staff/incidents/new/", ()),
    "check": ("Staff", lambda w: "/staff/check/", ()),
    "follow_up": (
        "Manager",
        lambda w: f"/staff/incidents/{w.incident.reference}/follow-up/",
        (),
    ),
    "triage": (
        "Health and safety",
        lambda w: f"/staff/incidents/{w.incident.reference}/triage/",
        (),
    ),
    "customer_details": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/details/",
        (),
    ),
    "equality": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/equality/",
        (),
    ),
    "merge": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/merge/",
        ("confirm", "reason", "reference"),
    ),
    "merge_undo": ("Manager", lambda w: f"/staff/customers/merges/{w.merge.pk}/undo/", ()),
    "marker_new": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/markers/new/",
        (),
    ),
    "marker_approve": (
        "Health and safety",
        lambda w: f"/staff/customers/markers/{w.pending_marker.pk}/approve/",
        (),
    ),
    "marker_remove": (
        "Manager",
        lambda w: f"/staff/customers/markers/{w.active_marker.pk}/remove/",
        ("reason",),
    ),
    "warning": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/warnings/new/",
        (),
    ),
    "proposal": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/restrictions/new/",
        (),
    ),
    "decision": (
        "Decision maker",
        lambda w: f"/staff/restrictions/{w.proposed.reference}/decide/",
        (),
    ),
    "review": (
        "Decision maker",
        lambda w: f"/staff/restrictions/{w.in_force.reference}/review/",
        (),
    ),
    "letter_warning": (
        "Manager",
        lambda w: f"/staff/letters/new/warning/{w.warning.reference}/",
        ("corrects", "confirm"),
    ),
    "letter_restriction": (
        "Manager",
        lambda w: f"/staff/letters/new/restriction/{w.decided.reference}/",
        ("corrects", "confirm"),
    ),
    "read_in_full": (
        "Manager",
        lambda w: f"/staff/customers/{w.customer.reference}/read-in-full/",
        (),
    ),
    "reconsideration_new": (
        "Manager",
        lambda w: f"/staff/restrictions/{w.in_force.reference}/reconsiderations/new/",
        (),
    ),
    "reconsideration_decide": (
        "Decision maker",
        lambda w: f"/staff/reconsiderations/{w.reconsideration.reference}/decide/",
        (),
    ),
    "reconsideration_suspend": (
        "Decision maker",
        lambda w: f"/staff/reconsiderations/{w.reconsideration.reference}/suspend/",
        (),
    ),
    "correspondence_new": (
        "Manager",
        lambda w: f"/staff/restrictions/{w.reconsidered.reference}/correspondence/new/",
        (),
    ),
    "letter_check": (None, lambda w: "/check-a-letter/", ()),
    "sign_in": (None, lambda w: "/staff/sign-in/", ("username", "password")),
}
