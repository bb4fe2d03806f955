"""The staff intranet: one Django app per domain, in layers that import one way only
(docs/architecture.md)."""
