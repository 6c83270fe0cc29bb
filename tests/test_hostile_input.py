"""Every URL, as every role, with a fixed corpus of hostile values: never a 500, and a value
that must be refused (a NUL, an integer beyond 64 bits, an over-long text) changes nothing.

The URL resolver is enumerated, so a new URL pattern fails `test_every_url_has_samples`
until SAMPLES says how to reach it. For each URL and role the test:
- requests it with valid arguments and reads the forms of the page as a browser would;
- puts each hostile value into each of its path parameters;
- puts each hostile value into each query parameter the view reads (recorded while it runs)
  and, for each form posting to the URL, into each field in turn (the other fields as the
  page filled them), then into all fields at once.

Each request runs inside a savepoint rolled back afterwards, so every request meets the same
data; a write to any table but the session and django-axes ones during a request carrying a
must-refuse value is a failure.
"""

import os
import re
import time
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from quizzes.attempts.services import attempt_start, attempt_submit
from quizzes.classes.models import Invite
from quizzes.flashcards.models import Card, Deck
from quizzes.flashcards.services import deck_add
from quizzes.live import services as live_services
from quizzes.questions.models import Citation, QuestionType, Topic
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    DocumentFactory,
    MembershipFactory,
    PassageFactory,
    QuestionSetFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
    make_question,
)

ROLES = ["anonymous", "student", "teacher", "staff"]
# Roles whose forms are fuzzed one field at a time as well as all at once (staff reach the
# same forms as a teacher, the anonymous almost none).
EACH_FIELD = {"student", "teacher"}

# Refused wherever they go: they must never change data.
MUST_REFUSE = {
    "nul": "a\x00b",
    "huge": str(2**63),
    "huge-negative": str(-(2**63) - 1),
    "over-long": "x" * 20_000,
}
# Odd but possibly valid somewhere (a class may be named "-1"): no 500, that is all.
ODD = {
    "negative": "-1",
    "zero": "0",
    "float": "1e309",
    "nan": "NaN",
    "wrong-type": "abc",
    "empty": "",
    "unicode": "\u202eevil\u200d\ufeff\u0301١٢٣\U0001f600",
    "sql": "' OR '1'='1'; DROP TABLE quizzes_question; --",
    "html": '"><script>alert(1)</script><img src=x onerror=alert(1)>',
}
CORPUS = MUST_REFUSE | ODD
# Values a path parameter can take, by converter (others do not resolve to the view at all).
PATH_CORPUS = {
    "int": {"zero": "0", "huge": str(2**63), "over-long": "9" * 400},
    "slug": {"reserved": "new", "over-long": "a" * 2000, "dash": "-"},
    "str": {k: CORPUS[k] for k in ("nul", "over-long", "unicode", "sql", "html", "huge")},
    "path": {k: CORPUS[k] for k in ("nul", "over-long", "unicode", "sql", "huge")},
}
# A lone surrogate cannot be encoded as UTF-8 by a client; its bytes arrive (as from a
# sloppy one) percent-encoded raw, and Django decodes them to U+FFFD.
RAW_SURROGATE = "%ED%A0%80"

UNCHANGED_TABLES_EXCEPT = ("django_session", "axes_")  # they change with any request


class World:
    """The data every request meets: one of everything, each role with something to see."""

    def __init__(self):
        self.teacher, self.student, self.staff = TeacherFactory(), StudentFactory(), StaffFactory()
        questions = [make_question(kind, author=self.teacher) for kind in QuestionType.values]
        self.question = questions[0]
        self.question_set = QuestionSetFactory(owner=self.teacher, questions=questions)
        self.item = self.question_set.items.first()
        self.classroom = ClassroomFactory(owner=self.teacher)
        self.membership = MembershipFactory(classroom=self.classroom, student=self.student)
        self.assignment = AssignmentFactory(
            classroom=self.classroom, question_set=QuestionSetFactory(owner=self.teacher)
        )
        self.attempt = attempt_start(user=self.student, question_set=self.question_set)
        done = QuestionSetFactory(owner=self.teacher, questions=questions[:2])
        self.submitted = attempt_start(user=self.student, question_set=done)
        attempt_submit(attempt=self.submitted, user=self.student)
        deck_add(user=self.student, question_set=self.question_set)
        self.deck = Deck.objects.get(user=self.student)
        self.card = Card.objects.filter(user=self.student).first()
        self.topic = Topic.objects.create(slug="founding", name="Founding")
        self.document = DocumentFactory()
        passage = PassageFactory(document=self.document)
        self.citation = Citation.objects.create(
            question=self.question, passage=passage, quote=passage.text[:10]
        )
        self.invite = Invite.objects.create(created_by=self.staff)
        self.own_document = DocumentFactory(owner=self.teacher)
        self.own_passage = PassageFactory(document=self.own_document)
        self.game = live_services.game_create(host=self.teacher, question_set=self.question_set)
        self.player = live_services.player_join(game=self.game, user=self.student)


# Valid arguments for every named URL (admin URLs are reached through admin_samples).
SAMPLES = {
    "health_alive": lambda w: {},
    "health_database": lambda w: {},
    "home": lambda w: {},
    "set_detail": lambda w: {"slug": w.question_set.slug},
    "attempt_start": lambda w: {"slug": w.question_set.slug},
    "attempt_play": lambda w: {"pk": w.attempt.pk},
    "attempt_check": lambda w: {"pk": w.attempt.pk},
    "attempt_answer": lambda w: {"pk": w.attempt.pk},
    "attempt_go": lambda w: {"pk": w.attempt.pk},
    "attempt_clear": lambda w: {"pk": w.attempt.pk},
    "attempt_reorder": lambda w: {"pk": w.attempt.pk},
    "attempt_submit": lambda w: {"pk": w.attempt.pk},
    "attempt_draft": lambda w: {"pk": w.attempt.pk},
    "attempt_confirm_submit": lambda w: {"pk": w.attempt.pk},
    "attempt_begin": lambda w: {"slug": w.question_set.slug},
    "attempt_result": lambda w: {"pk": w.submitted.pk},
    "attempt_practise_mistakes": lambda w: {"pk": w.submitted.pk},
    "workspace": lambda w: {},
    "question_create": lambda w: {},
    "question_preview": lambda w: {},
    "question_edit": lambda w: {"pk": w.question.pk},
    "question_duplicate": lambda w: {"pk": w.question.pk},
    "question_delete": lambda w: {"pk": w.question.pk},
    "set_create": lambda w: {},
    "set_edit": lambda w: {"slug": w.question_set.slug},
    "set_item_add": lambda w: {"slug": w.question_set.slug},
    "set_item_remove": lambda w: {"slug": w.question_set.slug, "item": w.item.pk},
    "set_item_move": lambda w: {"slug": w.question_set.slug, "item": w.item.pk},
    "set_publish": lambda w: {"slug": w.question_set.slug},
    "set_delete": lambda w: {"slug": w.question_set.slug},
    "set_restore": lambda w: {"slug": w.question_set.slug},
    "set_copy": lambda w: {"slug": w.question_set.slug},
    "class_list": lambda w: {},
    "class_detail": lambda w: {"pk": w.classroom.pk},
    "class_regenerate_code": lambda w: {"pk": w.classroom.pk},
    "class_delete": lambda w: {"pk": w.classroom.pk},
    "class_rename": lambda w: {"pk": w.classroom.pk},
    "class_remove_student": lambda w: {"pk": w.classroom.pk, "membership": w.membership.pk},
    "assignment_create": lambda w: {"pk": w.classroom.pk},
    "assignment_edit": lambda w: {"pk": w.classroom.pk, "assignment": w.assignment.pk},
    "assignment_remove": lambda w: {"pk": w.classroom.pk, "assignment": w.assignment.pk},
    "gradebook": lambda w: {"pk": w.classroom.pk},
    "gradebook_csv": lambda w: {"pk": w.classroom.pk},
    "student_results": lambda w: {"pk": w.classroom.pk, "student": w.student.pk},
    "class_progress": lambda w: {"pk": w.classroom.pk},
    "class_attempts_csv": lambda w: {"pk": w.classroom.pk},
    "my_progress": lambda w: {},
    "weak_spot_practice": lambda w: {},
    "attempt_review_teacher": lambda w: {"pk": w.submitted.pk},
    "item_analysis": lambda w: {"slug": w.question_set.slug},
    "join_class": lambda w: {},
    "join_link": lambda w: {"code": w.classroom.join_code},
    "class_join_card": lambda w: {"pk": w.classroom.pk},
    "class_leave": lambda w: {"pk": w.classroom.pk},
    "my_assignments": lambda w: {},
    "invite_list": lambda w: {},
    "invite_accept": lambda w: {"token": w.invite.token},
    "document_list": lambda w: {},
    "document_detail": lambda w: {"slug": w.document.slug},
    "citation_in_source": lambda w: {"public_id": w.citation.public_id},
    "my_documents": lambda w: {},
    "set_coverage": lambda w: {"slug": w.question_set.slug},
    "my_document": lambda w: {"slug": w.own_document.slug},
    "document_retitle": lambda w: {"slug": w.own_document.slug},
    "document_version": lambda w: {"slug": w.own_document.slug},
    "drafts_propose": lambda w: {"slug": w.own_document.slug},
    "draft_review": lambda w: {"slug": w.own_document.slug},
    "draft_decide": lambda w: {"slug": w.own_document.slug},
    "document_passage": lambda w: {
        "slug": w.own_document.slug,
        "position": w.own_passage.position,
    },
    "flashcards_study": lambda w: {},
    "flashcards_rate": lambda w: {"pk": w.card.pk},
    "flashcards_undo": lambda w: {},
    "flashcards_decks": lambda w: {},
    "flashcards_deck_remove": lambda w: {"pk": w.deck.pk},
    "flashcards_deck_add": lambda w: {"slug": w.question_set.slug},
    "flashcards_cram": lambda w: {"slug": w.question_set.slug},
    "flashcards_stats": lambda w: {},
    "flashcards_settings": lambda w: {},
    "interop_import": lambda w: {},
    "interop_import_confirm": lambda w: {},
    "interop_export": lambda w: {"slug": w.question_set.slug, "fmt": "gift"},
    "library_review": lambda w: {},
    "library_review_decide": lambda w: {"slug": w.question_set.slug},
    "signup": lambda w: {},
    "password_change": lambda w: {},
    "profile": lambda w: {},
    "password_reset": lambda w: {},
    "password_reset_done": lambda w: {},
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "password_reset_complete": lambda w: {},
    "login": lambda w: {},
    "logout": lambda w: {},
    "live_host_create": lambda w: {"slug": w.question_set.slug},
    "live_host": lambda w: {"pk": w.game.pk},
    "live_host_qr": lambda w: {"pk": w.game.pk},
    "live_host_control": lambda w: {"pk": w.game.pk, "action": "start"},
    "live_host_remove": lambda w: {"pk": w.game.pk, "player": w.player.pk},
    "live_join": lambda w: {},
    "play_pin": lambda w: {"pin": w.game.pin},
    "live_play": lambda w: {"pk": w.game.pk},
    "live_answer": lambda w: {"pk": w.game.pk},
}
# The admin's own URLs: every model's pages take these.
ADMIN_PARAMETERS = {"object_id", "app_label", "content_type_id", "url", "id"}


def url_patterns():
    """(name, route with <converter:name> parts, {name: converter}) for every URL."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                assert isinstance(pattern, URLPattern)
                name = f"{namespace}:{pattern.name}".lstrip(":")
                yield name, prefix + str(pattern.pattern), pattern

    return list(walk(get_resolver().url_patterns, "", ""))


def test_every_url_has_samples():
    """A new URL must be added to SAMPLES, so that this corpus keeps reaching every view."""
    missing = [
        (name, route)
        for name, route, _ in url_patterns()
        if not name.startswith("admin:") and name not in SAMPLES
    ]
    assert missing == []
    admin_parameters = {
        p
        for name, _, pattern in url_patterns()
        if name.startswith("admin:")
        for p in pattern.pattern.regex.groupindex
    }
    assert admin_parameters <= ADMIN_PARAMETERS


def routes(world):
    """(name, [(path parameter, converter)], build(args) -> path, valid args) for every URL."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType

    out = []
    for name, route, pattern in url_patterns():
        converters = {
            key: type(conv).__name__.replace("Converter", "").lower()
            for key, conv in pattern.pattern.converters.items()
        }
        if name.startswith("admin:"):
            if not pattern.pattern.regex.groupindex and "<" not in route:
                args = {}
            else:
                params = set(pattern.pattern.regex.groupindex) | set(converters)
                args = admin_args(name, params, world, admin, ContentType)
                if args is None:
                    continue
            converters = {k: converters.get(k, "str") for k in args}
        else:
            args = SAMPLES[name](world)
            assert set(args) == set(converters), f"SAMPLES[{name!r}] must name {sorted(converters)}"
        out.append((name, route, pattern, converters, args))
    return out


def admin_args(name, params, world, admin, content_type_model):
    """Valid arguments for an admin URL: a row of the model the URL belongs to."""
    url_name = name.split(":", 1)[1]
    for model, _ in admin.site._registry.items():
        meta = model._meta
        if url_name.startswith(f"{meta.app_label}_{meta.model_name}_"):
            row = model._default_manager.order_by("pk").first()
            return {p: str(row.pk) if row else "1" for p in params}
    if url_name == "view_on_site":
        ct = content_type_model.objects.get_for_model(type(world.question_set))
        return {"content_type_id": ct.pk, "object_id": world.question_set.pk}
    if url_name == "app_list":
        return {"app_label": "questions"}
    return None


def build(route: str, converters: dict, args: dict, raw: dict | None = None) -> str:
    """The path for a route with its arguments (`raw` ones already percent-encoded)."""
    path = "/" + route
    regex = route.startswith("admin/") or "(?P<" in route
    for key, value in args.items():
        encoded = (raw or {}).get(key) or quote(str(value), safe="")
        if regex and f"(?P<{key}>" in path:
            start = path.index(f"(?P<{key}>")
            depth, end = 0, start
            for end in range(start, len(path)):
                depth += {"(": 1, ")": -1}.get(path[end], 0)
                if depth == 0:
                    break
            path = path[:start] + encoded + path[end + 1 :]
        else:
            path = path.replace(f"<{converters.get(key, 'str')}:{key}>", encoded)
            path = path.replace(f"<{key}>", encoded)
    return path.replace("^", "").replace("$", "")


class Forms(HTMLParser):
    """The forms of a page as a browser submits them untouched: action, method, fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, list[tuple[str, str]]]] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action") or "", (a.get("method") or "get").lower(), []))
        elif not self.forms:
            return
        fields = self.forms[-1][2]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "image", "reset"):
                fields.append((name, "" if kind == "file" else a.get("value") or ""))
        elif tag == "button" and name and a.get("value") is not None:
            if not any(n == name for n, _ in fields):
                fields.append((name, a["value"]))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None]
        elif tag == "option" and self._select and (self._select[1] is None or "selected" in a):
            self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.forms:
            return
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1][2].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.forms[-1][2].append((self._select[0], self._select[1] or ""))
            self._select = None


class Probe:
    """Runs requests as one role: each in a rolled-back savepoint, recording which query or
    form fields the view read and whether it wrote to the database."""

    def __init__(self, role, world):
        self.client = Client(raise_request_exception=False)
        self.cookie = None
        if role != "anonymous":
            self.client.force_login(getattr(world, role))
            self.cookie = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.failures: list[str] = []
        self.count = 0
        self.spent: dict[str, float] = {}

    def request(self, method, path, data=None, *, must_refuse=False, hostile=None, what=""):
        """`hostile`: the fields carrying the value, if not the address (a view that reads
        none of them may well act on the request, as it would without them)."""
        self.client.cookies.clear()
        if self.cookie:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.cookie
        cache.clear()  # rate limits would otherwise answer in the views' stead
        writes, read = [], set()

        def watch(execute, sql, params, many, context):
            verb = sql.lstrip()[:6].upper()
            if verb in ("INSERT", "UPDATE", "DELETE") and not any(
                t in sql for t in UNCHANGED_TABLES_EXCEPT
            ):
                writes.append(sql[:100])
            return execute(sql, params, many, context)

        originals = {n: getattr(QueryDict, n) for n in ("get", "getlist", "__getitem__")}

        def recording(n):
            def reader(self_, key, *args, **kwargs):
                read.add(key)
                return originals[n](self_, key, *args, **kwargs)

            return reader

        started = time.perf_counter()
        savepoint = transaction.savepoint_create()
        try:
            for n in originals:
                setattr(QueryDict, n, recording(n))
            with connection.execute_wrapper(watch):
                response = getattr(self.client, method)(path, data or {})
        finally:
            for n, f in originals.items():
                setattr(QueryDict, n, f)
            transaction.savepoint_rollback(savepoint)
        self.count += 1
        group = "/".join(path.split("?")[0].split("/")[1:3])
        self.spent[group] = self.spent.get(group, 0) + time.perf_counter() - started
        label = f"{method.upper()} {path[:120]} {what}"
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            self.failures.append(f"{response.status_code}: {label} {error and error[1]!r}")
        elif must_refuse and writes and (hostile is None or hostile & read):
            self.failures.append(f"wrote {writes[0]!r}: {label}")
        read.discard("csrfmiddlewaretoken")
        return response, read


def forms_of(response) -> list[tuple[str, str, list]]:
    if "text/html" not in response.get("Content-Type", "") or response.status_code >= 300:
        return []
    parser = Forms()
    parser.feed(response.content.decode(errors="replace"))
    return parser.forms


GIFT = b"::Q1:: Which year was NATO founded? {=1949 ~1955}\n"


def upload(value: str | bytes):
    content = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return SimpleUploadedFile("questions.gift", content, content_type="text/plain")


def share(turn: int) -> dict:
    """Every must-refuse value and three odd ones, different ones at each turn."""
    return MUST_REFUSE | some(ODD, 3, turn)


def some(values: dict, n: int, start: int) -> dict:
    """n of the corpus' values, a different n for each field (every value is used, and
    MUST_REFUSE ones are in every field's share through the all-fields request)."""
    keys = list(values)
    return {keys[(start + i) % len(keys)]: values[keys[(start + i) % len(keys)]] for i in range(n)}


def fuzz_fields(probe, path, fields, files, *, each_field: bool, turn: int):
    """A hostile value in each field (the others as filled in), then each must-refuse value
    and some odd ones in every field at once."""
    baseline = {}
    for name, value in fields:
        if name != "csrfmiddlewaretoken":  # the test client does not check it
            baseline.setdefault(name, []).append(value)
    if not baseline:  # a button alone: the empty POST was that form
        return
    # A budget per form: a form of many fields gets fewer values in each.
    # A formset's later rows run the code of its first: their fields only in all-fields.
    singles = [n for n in baseline if not re.search(r"-[1-9]\d*-", n)]
    plans = [(name, some(CORPUS, 1, i)) for i, name in enumerate(singles) if each_field]
    for name, values in plans + [(None, share(turn))]:
        for label, value in values.items():
            data = {k: list(v) for k, v in baseline.items()}
            for key in [name] if name else list(baseline):
                data[key] = upload(value) if key in files else [value]
            for key in files - {name}:
                data[key] = upload(GIFT)
            probe.request(
                "post",
                path,
                data,
                must_refuse=label in MUST_REFUSE,
                hostile={name} if name else set(baseline),
                what=f"{name}={label}",
            )
    for key in files:  # a file of bytes that are not text, and one with a NUL
        for content in (b"\xff\xfe\x00\x00garbage", GIFT.replace(b"1949", b"19\x0049")):
            data = {k: v for k, v in baseline.items() if k not in files} | {key: upload(content)}
            probe.request("post", path, data, must_refuse=True, hostile={key}, what="bad file")


@pytest.mark.parametrize("role", ROLES)
def test_hostile_values_as_each_role_give_no_500_and_change_nothing(db, settings, role):
    settings.DEBUG = False  # the pages production serves (and no technical 404 to render)
    world = World()
    probe = Probe(role, world)
    post_forms: dict[str, list] = {}
    valid_paths = []
    for name, route, _pattern, converters, args in routes(world):
        path = build(route, converters, args)
        response, read = probe.request("get", path, what="valid")
        valid_paths.append((name, path))
        pages = forms_of(response)
        for action, method, fields in pages:
            if method == "post":
                post_forms.setdefault(urlsplit(action).path or path, fields)
        # Query parameters: those the view read, and those of its GET forms.
        keys = (
            set()
            if name.startswith("admin:")
            else set(read)
            | {
                n
                for action, method, fields in pages
                if method == "get" and (urlsplit(action).path or path) == path
                for n, _ in fields
            }
        )
        for i, key in enumerate(sorted(keys)):
            for label, value in (share(len(path)) if i == 0 else some(CORPUS, 1, i)).items():
                query = urlencode({key: value})
                what = f"?{key}={label}"
                refuse = label in MUST_REFUSE
                probe.request(
                    "get", f"{path}?{query}", must_refuse=refuse, hostile={key}, what=what
                )
        if keys:
            probe.request("get", f"{path}?{quote(min(keys))}={RAW_SURROGATE}", what="surrogate")
            probe.request("get", f"{path}?{urlencode({k: ['1', 'x'] for k in keys}, True)}")
        # Path parameters, in whichever method the view answers (the admin's only for staff:
        # it sends anyone else to its sign-in page before reading them).
        method = "post" if response.status_code == 405 else "get"
        if name.startswith("admin:") and role != "staff":
            continue
        for key, converter in converters.items():
            corpus = PATH_CORPUS.get(converter, PATH_CORPUS["str"])
            if name.startswith("admin:"):  # Django's own: one value each
                corpus = some(corpus, 1, len(valid_paths))
            for label, value in corpus.items():
                bad = build(route, converters, {**args, key: value})
                probe.request(method, bad, must_refuse=label in MUST_REFUSE, what=key)
            if name.startswith("admin:"):
                continue
            raw = build(route, converters, args, raw={key: RAW_SURROGATE})
            probe.request(method, raw, what=f"{key}=surrogate")
    # Every URL posted: with the fields of the form that posts to it, fuzzed. The admin's
    # own add/change/delete forms are Django's and left out; its sign-in is ours (axes).
    for name, path in valid_paths:
        if name.startswith("admin:") and name != "admin:login":
            continue
        fields = post_forms.get(path)
        _, read = probe.request("post", path, what="empty")
        if fields is None:
            fields = [(key, "") for key in sorted(read)]
        files = {n for n, v in fields if n == "file"}
        if fields:
            fuzz_fields(probe, path, fields, files, each_field=role in EACH_FIELD, turn=len(path))
    print(f"{role}: {probe.count} requests")
    if os.environ.get("HOSTILE_LOG"):
        with open(os.environ["HOSTILE_LOG"], "a") as log:
            slowest = sorted(probe.spent.items(), key=lambda kv: -kv[1])[:12]
            log.write(f"{role}: {probe.count} requests, slowest {slowest}\n")
            log.write("\n".join(probe.failures) + "\n")
    assert probe.failures == [], "\n".join(probe.failures[:60])
    assert probe.count > 500


def test_the_corpus_reaches_deep_into_forms(db):
    """The teacher's question editor is posted with its own fields: the fuzz is not stopped
    at a login page or by an empty form."""
    world = World()
    probe = Probe("teacher", world)
    response, _ = probe.request("get", "/workspace/questions/new/")
    fields = next(dict(f) for a, m, f in forms_of(response) if "prompt" in dict(f))
    assert {"prompt", "type", "choices-TOTAL_FORMS", "choices-0-text"} <= set(fields)
