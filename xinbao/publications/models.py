"""Models of this app (to be built)."""
