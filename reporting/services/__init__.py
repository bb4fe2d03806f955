"""The intranet's rules and changes, one module per area; views stay thin and call these."""
