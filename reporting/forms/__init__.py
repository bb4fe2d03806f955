"""Forms for the staff intranet, laid out with crispy-forms-gds."""
