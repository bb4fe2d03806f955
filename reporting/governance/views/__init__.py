"""Information governance's pages, one module a concern."""
