"""Staff intranet views, one module per area; each checks access through StaffAccess."""
