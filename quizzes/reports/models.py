"""Reports keeps no tables of its own."""
