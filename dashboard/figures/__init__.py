"""The figures layer."""
