"""Customer records, finding them, and merging duplicates."""
