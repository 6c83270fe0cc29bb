"""Report figures cached under a key that names the data they were computed from.

A heavy report aggregate (a student's mastery sums over every answer, a set's item
statistics) is stored in Django's cache (Redis in production, local memory by default)
under a key that includes a *data version*: one small indexed aggregate over the attempts
the figures read (`submitted_attempts_version`). Responses are written only while their
attempt is open, under the attempt's row lock, and submitting closes it in the same lock,
so the responses of submitted attempts never change (docs/quiz-player.md): the set of
submitted attempts determines the figures. A new submission, a deleted attempt, a new day
(for mastery's decay) or a changed set of choice questions (for item analysis) gives a
new key, so no invalidation step can be forgotten and a stale value is never read; old
keys simply expire.

Values are plain data (dicts, tuples, numbers): never model instances or dataclasses, so
a cached value survives a deploy that changes those classes; `SCHEMA` is bumped when the
shape of a cached value changes. Names, prompts and option texts are read fresh on every
request (one cheap query), so a renamed topic or an edited option shows at once.

What the key cannot see is one narrow race: a submission that commits between the version
query and the computation is counted under the older key (see `cached`), so deleting that
very attempt later brings back a key whose value still counts it. `TIMEOUT` bounds it.
(Responses cannot be edited by hand: the admin shows them read-only.)
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum

SCHEMA = 2
TIMEOUT = 60 * 60  # seconds


# Per group of submitted attempts: their number, the sum of their ids, the latest
# submission time. Any submission raises the count; a deleted attempt lowers it, and a
# deletion and a submission together change the id sum and usually the latest time.
VERSION_AGGREGATES = {"n": Count("pk"), "ids": Sum("pk"), "last": Max("submitted_at")}


def version_from(groups) -> str:
    """The data version of submitted attempts from VERSION_AGGREGATES rows (one per group
    when the caller groups them, e.g. per question set)."""
    groups = list(groups)
    n = sum(g["n"] or 0 for g in groups)
    ids = sum(g["ids"] or 0 for g in groups)
    last = max((g["last"].timestamp() for g in groups if g["last"]), default=0)
    return f"{n}-{ids}-{last:.6f}"


def submitted_attempts_version(attempts: QuerySet) -> str:
    """Names the set of attempts in `attempts` (already filtered to submitted ones): one
    aggregate query on an index of the attempt table (user or question set, then status)."""
    return version_from([attempts.order_by().aggregate(**VERSION_AGGREGATES)])


def report_key(name: str, *parts: object) -> str:
    """A short cache key; long parts (lists of ids) are hashed."""
    text = ":".join(str(p) for p in parts)
    if len(text) > 120:
        text = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"reports:v{SCHEMA}:{name}:{text}"


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """The value under `key`, computing and storing it on a miss.

    Compute after reading the data version that went into `key`: then a submission that
    lands in between makes the stored value newer than its key says, never older, and
    the next request asks for the new key anyway.
    """
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
