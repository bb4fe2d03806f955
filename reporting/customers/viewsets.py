"""Customer records in the Wagtail admin's staff records: read and exported, audited."""

from wagtail.permissions import register_permission_policy

from reporting.access.viewsets import (
    AuditedIndexView,
    AuditedInspectView,
    ReadOnlyModelViewSet,
    ReadOnlyPolicy,
)

from .models import Customer


class CustomerViewSet(ReadOnlyModelViewSet):
    model = Customer
    # Read and exported here, never edited: nothing in the admin asks what points at a
    # record, and indexing each one cost every save in the staff area a task and,
    # where tasks run at once, three queries more.
    add_to_reference_index = False
    icon = "user"
    menu_label = "Customers"
    name = "customers"
    url_prefix = "staff-records/customers"
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = ["reference", "last_name", "first_name", "postcode"]
    list_filter = ["created_at"]
    search_fields = ["reference", "last_name", "postcode"]
    list_export = ["reference", "first_name", "last_name", "postcode", "created_at"]
    export_filename = "customers"


register_permission_policy(Customer, ReadOnlyPolicy(Customer))
