"""The demo council's customers. Everyone here is invented."""

from django.contrib.auth import get_user_model

from .models import Customer

CUSTOMERS = [
    ("Gordon", "Hale", "FH2 7JB"),
    ("Maureen", "Tilsley", "FH1 3AD"),
    ("Declan", "Voss", "FH4 9QP"),
    ("Carys", "Fenwick", "FH3 2LN"),
]


# Postal addresses the demo letters go to (invented, like everything here).
ADDRESSES = {
    "Hale": "14 Weir Cottages\nLower Fernhollow",
    "Tilsley": "3 Orchard Row\nFernhollow",
}


def load(context):
    if Customer.objects.exists():
        return
    reporter = get_user_model().objects.get(username="frontline")
    for first, last, postcode in CUSTOMERS:
        Customer.objects.create(
            first_name=first,
            last_name=last,
            address=ADDRESSES.get(last, ""),
            postcode=postcode,
            created_by=reporter,
        )
    context.report(f"created {len(CUSTOMERS)} customers")


def demo_customers():
    """The demo customers, in the order of ``CUSTOMERS``."""
    return [
        Customer.objects.get(first_name=first, last_name=last, postcode=postcode)
        for first, last, postcode in CUSTOMERS
    ]
