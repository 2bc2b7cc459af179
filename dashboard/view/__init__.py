"""The view layer."""
