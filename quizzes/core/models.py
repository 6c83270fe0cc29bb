"""Core keeps no tables of its own."""
