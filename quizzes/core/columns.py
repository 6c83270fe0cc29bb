"""Column names for SQL written by hand, read from the models so a renamed field fails loudly."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model


def concrete_field(model: type[Model], name: str) -> Field:
    """`model`'s field `name`, which has a column of its own: SQL written by hand names it."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise FieldDoesNotExist(f"{model.__name__}.{name} has no column.")
    return field


def column(model: type[Model], name: str) -> str:
    """The column of `model`'s field `name`, unquoted."""
    return concrete_field(model, name).column or ""
