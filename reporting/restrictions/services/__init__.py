"""Changes to warnings and restrictions, with their rules: ``decisions`` (warnings,
proposals, decisions) and ``reviews`` (reviews, and the end of a restriction)."""
