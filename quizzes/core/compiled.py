"""Reads whose SQL is built once per database and then run with new ids.

The ORM builds and compiles a query on every call: for a primary-key read that costs more
CPU than running it (docs/performance.md). A few reads run on nearly every request -- the
signed-in user, the attempt the quiz player works on, its saved answers -- and their SQL
depends only on the models and the database, so `CompiledRead` compiles it once and runs it
with the request's ids. Rows become instances the way the ORM makes them: the same column
converters, `Model.from_db`, and a `select_related` parent (one level, forward) cached on
its child.

Only plain reads qualify: filters whose variable parts are integer ids, model columns
only (no annotations or deferred fields). Anything else is refused when the read is first
compiled, so a later change to the queryset fails loudly in the tests rather than reading
wrong columns.
"""

from collections.abc import Callable
from typing import NamedTuple, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Field, ForeignKey, Model, QuerySet
from django.db.models.expressions import Col

# Stand-ins for the ids while compiling: integers no real id takes, told apart by value.
_SENTINEL = -987_654_000


class NotPlain(Exception):
    """The queryset is not a read that can be compiled once."""


class _Part(NamedTuple):
    model: type[Model]
    columns: slice  # where its fields are in the row
    attnames: list[str]
    field: ForeignKey | None  # the child's foreign key, for a select_related parent


class _Compiled(NamedTuple):
    sql: str
    params: list  # the compiled params, sentinels in the ids' places
    slots: dict[str, int]  # id name -> index in params
    parts: list[_Part]  # the queryset's model first, then its select_related parents
    converters: list[tuple[int, list, Col]]


def _contiguous(indexes: list[int]) -> slice:
    if indexes != list(range(indexes[0], indexes[-1] + 1)):
        raise NotPlain("A model's columns are not together in the row.")
    return slice(indexes[0], indexes[-1] + 1)


def _compile(queryset: QuerySet, names: list[str], alias: str) -> _Compiled:
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    params = list(params)
    slots = {}
    for i, name in enumerate(names):
        found = [k for k, value in enumerate(params) if value == _SENTINEL - i]
        if len(found) != 1:
            raise NotPlain(f"The id {name!r} is not one parameter of the SQL.")
        slots[name] = found[0]
    columns = [expression for expression, _, _ in compiler.select]
    if compiler.annotation_col_map or not all(isinstance(c, Col) for c in columns):
        raise NotPlain("Only model columns can be read.")
    info = compiler.klass_info
    parts = []
    for part_info, field in [(info, None)] + [
        (related, related["field"]) for related in info.get("related_klass_infos", [])
    ]:
        if part_info.get("related_klass_infos") and field is not None:
            raise NotPlain("Only one level of select_related.")
        if field is not None and part_info["reverse"]:
            raise NotPlain("Only forward select_related.")
        model = part_info["model"]
        indexes = part_info["select_fields"]
        attnames = [columns[i].target.attname for i in indexes]
        if attnames != [f.attname for f in model._meta.concrete_fields]:
            raise NotPlain("Deferred or extra fields.")
        parts.append(_Part(model, _contiguous(indexes), attnames, field))
    converters = [
        (index, functions, column)
        for index, (functions, column) in compiler.get_converters(columns).items()
    ]
    return _Compiled(sql, params, slots, parts, converters)


class CompiledRead[M: Model]:
    """`build(**ids)` -> a queryset, compiled once per database alias.

    >>> attempt_of = CompiledRead(
    ...     lambda pk, user: Attempt.objects.filter(pk=pk, user=user).order_by(), "pk", "user"
    ... )
    >>> attempt_of.first(pk=3, user=7)
    """

    def __init__(self, build: Callable[..., QuerySet[M]], *names: str):
        self.build = build
        self.names = list(names)
        self._compiled: dict[str, _Compiled] = {}  # per database alias

    def _for(self, alias: str) -> _Compiled:
        if alias not in self._compiled:
            sentinels = {name: _SENTINEL - i for i, name in enumerate(self.names)}
            queryset = self.build(**sentinels)
            self._compiled[alias] = _compile(queryset, self.names, alias)
        return self._compiled[alias]

    def all(self, *, using: str = "default", **ids: int) -> list[M]:
        compiled = self._for(using)
        connection = connections[using]
        params = list(compiled.params)
        for name, value in ids.items():
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, not {type(value).__name__}.")
            if not _in_range(value, connection):
                return []  # as the ORM: an id out of the column's range matches no row
            params[compiled.slots[name]] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return [self._instance(compiled, row, connection, using) for row in rows]

    def first(self, *, using: str = "default", **ids: int) -> M | None:
        rows = self.all(using=using, **ids)
        return rows[0] if rows else None

    @staticmethod
    def _instance(compiled: _Compiled, row, connection, alias: str) -> M:
        if compiled.converters:
            row = list(row)
            for index, functions, column in compiled.converters:
                value = row[index]
                for function in functions:
                    value = function(value, column, connection)
                row[index] = value
        main, *parents = compiled.parts
        obj = cast(M, main.model.from_db(alias, main.attnames, row[main.columns]))
        for part in parents:
            values = row[part.columns]
            parent = None
            if any(value is not None for value in values):
                parent = part.model.from_db(alias, part.attnames, values)
            cast(ForeignKey, part.field).set_cached_value(obj, parent)  # a parent's is set
        return obj


def _in_range(value: int, connection) -> bool:
    low, high = connection.ops.integer_field_range("BigIntegerField")
    return (low is None or value >= low) and (high is None or value <= high)


def concrete_field(model: type[Model], name: str) -> Field:
    """`model`'s field `name`, which has a column of its own: SQL written by hand names it."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise FieldDoesNotExist(f"{model.__name__}.{name} has no column.")
    return field


def column(model: type[Model], name: str) -> str:
    """The column of `model`'s field `name`, unquoted."""
    return concrete_field(model, name).column or ""
