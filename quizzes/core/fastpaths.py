"""The app's fast paths: every use of Django's, psycopg's and redis-py's private internals.

A fast path stays only while the benchmark shows it worth at least 10 % on an endpoint
(docs/performance.md, "Fast paths kept and dropped"; `bench/fastpaths.py` reproduces the
figures); the others went back to the public ORM and template tags. Nothing outside this
module touches a private name: `grep -rn "_prepare_cursor\\|klass_info\\|
_prefetched_objects_cache\\|_get_connection_pool" quizzes/ quizsite/` finds only this file.

Each piece, the private API it relies on, what an upgrade can break and the test that
would catch it:

`CompiledRead` -- a read whose SQL is compiled once per database, then run with new ids
    (the signed-in user, `accounts.backends`; the player's attempt and saved answer,
    `attempts.selectors`). Relies on the ORM's SQL compiler: `Query.get_compiler`,
    `SQLCompiler.as_sql`, `.select`, `.klass_info` (its dict keys `model`,
    `select_fields`, `related_klass_infos`, `field`, `reverse`), `.annotation_col_map`,
    `.get_converters`, and `Model.from_db` / `Field.set_cached_value`. A Django upgrade
    that renames or reshapes any of them either raises `NotPlain` at the first compile or
    builds instances differently from the ORM: `tests/core/test_fastpaths.py` compares
    every field, and the cached parent, with the ORM's on SQLite and PostgreSQL.

`prepared_cursor` -- the flashcard rating's one write, bound on the server so PostgreSQL
    prepares it once per connection and keeps a generic plan (settings.py sets
    `prepare_threshold=0` and `plan_cache_mode=force_generic_plan`). Relies on
    `DatabaseWrapper._prepare_cursor` (Django's cursor wrapper around a raw psycopg
    `Cursor`: error translation, query logging, execute wrappers) and on psycopg 3's
    server-side binding. A Django upgrade that renames `_prepare_cursor`, or a psycopg
    one that changes how a plain `Cursor` prepares, fails
    `tests/flashcards/test_prepared_write.py` (PostgreSQL: the write runs one generic
    plan; the ORM's own queries stay unprepared) and the rating tests on both databases.

`condition_sql` -- an ORM condition (a queryset's WHERE) as SQL with named parameters,
    so the plain-SQL statements (the flashcard queue, the rating's write) use the rule the
    ORM queries use, written once (`flashcards.selectors.studied`). Relies on `Query.where`
    and `WhereNode.as_sql(compiler, connection)`, and on the compiled SQL naming the
    outer table by its full quoted name. A change there makes the queue's or the write's
    SQL fail on the first test that studies a card (tests/flashcards, both databases);
    `tests/core/test_fastpaths.py` pins the parameter naming.

Gone back to public APIs (each under 10 % on every endpoint, or no cost at all):
`{% chrome_url %}` (the header's links reversed once per process) is `{% url %}` again; the
Redis cache is Django's own (no client kept per connection pool through
`_get_connection_pool`/`_class`); the GIFT import passes the rows it has just inserted to
`questions.services.question_snapshot` instead of setting `_prefetched_objects_cache`.
"""

from collections.abc import Callable
from typing import NamedTuple, cast

from django.db import connections
from django.db.models import ForeignKey, Model, QuerySet
from django.db.models.expressions import Col

# Stand-ins for ids while compiling: integers no real id takes, told apart by value.
SENTINEL = -987_654_000


# --- CompiledRead -------------------------------------------------------------------


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
        found = [k for k, value in enumerate(params) if value == SENTINEL - i]
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
    """`build(**ids)` -> a queryset, compiled once per database alias and run with new ids.

    The ORM builds and compiles a query on every call: for a primary-key read that costs
    more CPU than running it. Rows become instances the way the ORM makes them: the same
    column converters, `Model.from_db`, and a `select_related` parent (one level, forward)
    cached on its child. Only plain reads qualify: filters whose variable parts are
    integer ids, model columns only (no annotations or deferred fields); anything else is
    refused when first compiled, so a later change to the queryset fails loudly in the
    tests rather than reading wrong columns.

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
            sentinels = {name: SENTINEL - i for i, name in enumerate(self.names)}
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


# --- the prepared write -------------------------------------------------------------


def prepared_cursor(connection):
    """A cursor (Django's wrapper: errors, query logging, execute wrappers) that binds
    parameters on the server, so that PostgreSQL prepares its statement once per
    connection and then runs it with a generic plan. PostgreSQL only; Django's own cursors
    bind client-side and never prepare."""
    import psycopg  # PostgreSQL only: SQLite never gets here

    connection.ensure_connection()
    return connection._prepare_cursor(psycopg.Cursor(connection.connection))


# --- an ORM condition in plain SQL ----------------------------------------------------


def condition_sql(
    queryset: QuerySet, *, ids: dict[str, int], prefix: str, alias: str | None = None
) -> tuple[str, dict]:
    """The WHERE clause of `queryset` as SQL for a plain statement on the default
    database: `ids` (name -> the sentinel the queryset was built with) become `%(name)s`,
    every other parameter `%(<prefix><n>)s`, returned with its value. The clause names
    the queryset's own table by its quoted name, or `alias` if given (its subqueries
    alias their own tables U0, U1 ... and never use that name)."""
    connection = connections["default"]
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = queryset.query.where.as_sql(compiler, connection)
    if alias is not None:
        sql = sql.replace(
            f"{connection.ops.quote_name(queryset.model._meta.db_table)}.", f"{alias}."
        )
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1:
        raise NotPlain("The condition's SQL has a literal %s.")
    by_sentinel = {value: name for name, value in ids.items()}
    constants: dict[str, object] = {}
    out = [pieces[0]]
    for i, (param, piece) in enumerate(zip(params, pieces[1:], strict=True)):
        name = by_sentinel.get(param) if type(param) is int else None
        if name is None:
            name = f"{prefix}{i}"
            constants[name] = param
        out.append(f"%({name})s{piece}")
    return "".join(out), constants
