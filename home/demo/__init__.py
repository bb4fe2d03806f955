"""Demo content for a fictional council, for development and demonstrations only."""
