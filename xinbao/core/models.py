"""Models of the core app: none (shared helpers only)."""
