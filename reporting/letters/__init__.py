"""Letter templates, issuing letters and the stored PDFs."""
