"""Interop keeps no tables of its own."""
