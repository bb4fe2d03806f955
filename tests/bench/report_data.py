"""A complete, valid incident report as the form posts it, for the benchmark."""

from django.utils import timezone


def valid_report(area, categories):
    day = timezone.localdate() - timezone.timedelta(days=1)
    return {
        "who": "unknown",
        "unknown_description": "Tall man in a red coat.",
        "occurred_on_0": str(day.day),
        "occurred_on_1": str(day.month),
        "occurred_on_2": str(day.year),
        "occurred_time": "14:30",
        "service_area": str(area.pk),
        "location_kind": "site",
        "site": "Civic Offices reception",
        "channel": "face_to_face",
        "categories": [str(categories[0])],
        "description": "Shouted at the receptionist and would not leave.",
        "injury": "no",
        "violence": "no",
        "police_informed": "no",
        "riddor_reportable": "no",
        "safeguarding_concern": "no",
        "action": "send",
    }
