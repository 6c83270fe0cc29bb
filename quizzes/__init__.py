"""The product: a plain package of Django apps, one per concern (docs/architecture.md)."""
