"""What information governance reads, one module a concern."""
