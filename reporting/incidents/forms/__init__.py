"""The incident forms: the report (report.py), the follow-up and the queue filters."""
