"""Changes information governance makes, one module a concern."""
