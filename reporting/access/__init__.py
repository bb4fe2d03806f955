"""Roles, sign-in with a second factor, who may see what, and the audit trail."""
