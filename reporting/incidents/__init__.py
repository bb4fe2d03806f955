"""Incidents staff report, their evidence, the manager's follow-up and queue."""
