"""Caution markers: staff-safety alerts, their approval and review."""
