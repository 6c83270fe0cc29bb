"""Build a school-sized data set for the load benchmark, fast:
`python bench/load_data.py --students N --responses M` (run_load.py runs it).

Students in classes of ~30, a teacher per six classes, assignments of the published
question sets, submitted attempts spread over a school year with one graded response
per question, and flashcards with review logs. Attempts are drawn with the quiz player's
own `draw_questions` (a pool of draws per set, reused), so question ids, pinned versions and
option orders are exactly what the player would have stored; answers are graded with
grading.py. Rows go in with bulk_create, and with PostgreSQL COPY for the big tables.

Run `ingest_documents seeds/` and `load_question_bank fixtures/question_bank.json`
first. Users are named load-student-00001 / load-teacher-001 (password: see
LOAD_PASSWORD), so a second run refuses rather than duplicating them.
"""

import json
import math
import os
import random
import sys
import time
from datetime import datetime, timedelta

import django

if __name__ == "__main__":  # run as a script: Django is set up before the models load
    # The project root must be importable: run_load.py sets bench.bench_settings.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
    django.setup()

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.answers import validate_answer
from quizzes.attempts.models import Attempt, Response
from quizzes.attempts.services import draw_questions
from quizzes.classes.models import Assignment, Classroom, Membership, new_join_code
from quizzes.flashcards.models import Card, Deck, ReviewLog
from quizzes.questions.grading import grade
from quizzes.questions.models import QuestionSet, QuestionVersion

LOAD_PASSWORD = "load-bench-password"
# "My progress" has a target for a student with 50,000 responses (docs/performance.md); no generated
# student has that many (about responses / students each), so the benchmark adds one.
PROGRESS_STUDENT = "load-progress-student"
PROGRESS_RESPONSES = 50_000
CLASS_SIZE = 30
CLASSES_PER_TEACHER = 6
ASSIGNMENTS_PER_CLASS = 12
DRAWS_PER_SET = 24
CHUNK = 20_000
YEAR = timedelta(days=300)


def sample_answer(snapshot: dict, *, correct: bool) -> dict:
    """A plausible answer in grading.py's shapes: the key, or a typical wrong answer."""
    kind = snapshot["type"]
    choices = snapshot["choices"]
    right = [c for c in choices if c["correct"]]
    wrong = [c for c in choices if not c["correct"]]
    if kind in {"single_choice", "true_false"}:
        pick = (right if correct or not wrong else wrong)[0]
        return {"choice": pick["id"]}
    if kind == "multiple_answer":
        if correct or not wrong:
            return {"choices": [c["id"] for c in right]}
        return {"choices": [wrong[0]["id"]]}
    if kind == "short_answer":
        return {"text": right[0]["text"] if correct and right else "not sure"}
    if kind == "numeric":
        value = snapshot.get("numeric_value")
        if value is None and right:
            value = right[0]["text"]
        return {"value": str(value) if correct else "-99999"}
    if kind == "ordering":
        order = [c["id"] for c in sorted(choices, key=lambda c: c["position"])]
        return {"order": order if correct else order[::-1]}
    if kind == "matching":
        ids = [c["id"] for c in choices]
        return {"pairs": {i: i for i in ids} if correct else {i: ids[0] for i in ids}}
    blanks = {}
    for choice in choices:
        blanks.setdefault(str(choice["blank"]), choice["text"] if correct else "not sure")
    return {"blanks": blanks}


class Grader:
    """Answers and grades per (version, right/wrong), computed once each."""

    def __init__(self):
        self.snapshots = dict(QuestionVersion.objects.values_list("pk", "snapshot"))
        self.cache: dict[tuple[int, bool], tuple[str, float, bool, str]] = {}

    def __call__(self, version_id: int, correct: bool) -> tuple[str, float, bool, str]:
        key = (version_id, correct)
        if key not in self.cache:
            snapshot = self.snapshots[version_id]
            answer = validate_answer(snapshot, sample_answer(snapshot, correct=correct))
            result = grade(snapshot, answer)
            self.cache[key] = (json.dumps(answer), result.score, result.correct, result.note)
        return self.cache[key]


def _copy(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows fast: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            [tuple(_plain(v) for v in row) for row in rows],
        )


def _plain(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def add_progress_student(*, responses: int = PROGRESS_RESPONSES, seed: int = 2) -> User:
    """A student with `responses` answers in practice attempts over the school year (getting
    better over time) and a flashcard deck: the heavy case of "My progress". Added once; a
    later call returns the same student."""
    found = User.objects.filter(username=PROGRESS_STUDENT).first()
    if found is not None:
        return found
    rng = random.Random(seed)
    sets = QuestionSet.objects.filter(
        status=QuestionSet.Status.PUBLISHED,
        mode=QuestionSet.Mode.PRACTICE,
        attempts_allowed__isnull=True,
    ).order_by("pk")
    pools = {}
    for question_set in sets:
        draws = [
            draw_questions(question_set, random.Random(rng.random())) for _ in range(DRAWS_PER_SET)
        ]
        if draws[0][0]:
            pools[question_set.pk] = (question_set, draws)
    if not pools:
        raise CommandError("No published practice set without an attempts limit.")
    planned, numbers, made = [], {}, 0
    while made < responses:
        question_set, draws = pools[rng.choice(list(pools))]
        question_ids, versions, option_order = rng.choice(draws)
        numbers[question_set.pk] = numbers.get(question_set.pk, 0) + 1
        take = min(len(question_ids), responses - made)
        planned.append(
            (question_set, numbers[question_set.pk], question_ids, versions, option_order, take)
        )
        made += take
    now = timezone.now()
    with transaction.atomic():
        student = User.objects.create(
            username=PROGRESS_STUDENT,
            first_name="Progress",
            last_name="Student",
            password=make_password(LOAD_PASSWORD),
        )
        batch, pending = [], []
        for i, (question_set, number, question_ids, versions, option_order, take) in enumerate(
            planned
        ):
            started_at = now - YEAR + (YEAR - timedelta(hours=2)) * i / len(planned)
            batch.append(
                submitted_attempt(
                    student,
                    question_set,
                    number,
                    (question_ids, versions, option_order),
                    take=take,
                    started_at=started_at,
                )
            )
            pending.append((take, 0.45 + 0.4 * i / len(planned)))
        command = Command()
        command._write_attempts(batch, pending, Grader(), rng)
        command._flashcards({"students": [student]}, list(sets), 1, rng)
    return student


def submitted_attempt(
    student, question_set, number: int, draw: tuple, *, take: int, started_at, assignment=None
) -> Attempt:
    """An unsaved submitted attempt of a drawn quiz, 40 s per question (scored on writing)."""
    question_ids, versions, option_order = draw
    submitted_at = started_at + timedelta(seconds=40 * len(question_ids))
    return Attempt(
        user=student,
        question_set=question_set,
        assignment=assignment,
        number=number,
        mode=question_set.mode,
        pass_mark=question_set.pass_mark,
        status=Attempt.Status.SUBMITTED,
        question_ids=question_ids,
        versions=versions,
        option_order=option_order,
        current_index=take - 1,
        started_at=started_at,
        submitted_at=submitted_at,
        max_score=float(len(question_ids)),
        late=assignment is not None and submitted_at > assignment.due_at,
    )


class Command(BaseCommand):
    help = "Generate students, classes, attempts, responses and flashcard reviews for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument(
            "--reviews", type=int, default=None, help="Flashcard reviews (default responses/4)."
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, students: int, responses: int, reviews, seed: int, **options):
        if students < 1 or responses < 0:
            raise CommandError("--students must be at least 1 and --responses not negative.")
        if User.objects.filter(username__startswith="load-").exists():
            raise CommandError("Load data already exists (users named load-…).")
        sets = list(QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED).order_by("pk"))
        if not sets:
            raise CommandError(
                "No published question sets: run ingest_documents and load_question_bank first."
            )
        reviews = responses // 4 if reviews is None else reviews
        rng = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            people = self._people(students, rng)
            self._log("users and classes", started)
            attempts_made, responses_made = self._attempts(people, sets, responses, rng)
            self._log(f"{attempts_made} attempts, {responses_made} responses", started)
            cards_made, reviews_made = self._flashcards(people, sets, reviews, rng)
            self._log(f"{cards_made} cards, {reviews_made} reviews", started)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("SELECT pg_database_size(current_database())")
                size = cursor.fetchone()[0]
            self.stdout.write(f"Database size: {size / 2**20:.0f} MiB")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")

    def _log(self, what: str, started: float) -> None:
        self.stdout.write(f"{time.perf_counter() - started:7.1f} s  {what}")

    def _people(self, count: int, rng: random.Random) -> dict:
        password = make_password(LOAD_PASSWORD)
        classes = math.ceil(count / CLASS_SIZE)
        teachers = User.objects.bulk_create(
            User(
                username=f"load-teacher-{i:03}",
                role=User.Role.TEACHER,
                first_name="Teacher",
                last_name=f"{i:03}",
                password=password,
            )
            for i in range(1, math.ceil(classes / CLASSES_PER_TEACHER) + 1)
        )
        students = User.objects.bulk_create(
            (
                User(
                    username=f"load-student-{i:05}",
                    first_name="Student",
                    last_name=f"{i:05}",
                    password=password,
                )
                for i in range(1, count + 1)
            ),
            batch_size=5000,
        )
        codes: set[str] = set(Classroom.objects.values_list("join_code", flat=True))
        rooms = []
        for i in range(classes):
            code = new_join_code()
            while code in codes:
                code = new_join_code()
            codes.add(code)
            rooms.append(
                Classroom(
                    owner=teachers[i // CLASSES_PER_TEACHER],
                    name=f"Load class {i + 1:04}",
                    join_code=code,
                )
            )
        rooms = Classroom.objects.bulk_create(rooms)
        Membership.objects.bulk_create(
            (
                Membership(classroom=rooms[i // CLASS_SIZE], student=s)
                for i, s in enumerate(students)
            ),
            batch_size=5000,
        )
        return {"teachers": teachers, "students": students, "classes": rooms}

    def _attempts(self, people: dict, sets: list, budget: int, rng: random.Random):
        now = timezone.now()
        year_start = now - YEAR
        pools = {}
        for question_set in sets:
            draws = [
                draw_questions(question_set, random.Random(rng.random()))
                for _ in range(DRAWS_PER_SET)
            ]
            pools[question_set.pk] = [d for d in draws if d[0]]
        sets = [s for s in sets if pools[s.pk]]
        if not sets:
            raise CommandError("The published sets have no published questions.")
        assignments = []
        per_class = min(ASSIGNMENTS_PER_CLASS, len(sets) * 2)
        for room in people["classes"]:
            for a in range(per_class):
                opens = year_start + YEAR * a / per_class
                assignments.append(
                    Assignment(
                        classroom=room,
                        question_set=sets[(room.pk + a) % len(sets)],
                        opens_at=opens,
                        due_at=opens + timedelta(days=14),
                        accept_late=a % 2 == 0,
                        grading=["best", "last", "average"][a % 3],
                    )
                )
        assignments = Assignment.objects.bulk_create(assignments, batch_size=5000)
        by_class: dict[int, list[Assignment]] = {}
        for assignment in assignments:
            by_class.setdefault(assignment.classroom_id, []).append(assignment)
        set_of = {s.pk: s for s in sets}
        room_of = {}
        for i, student in enumerate(people["students"]):
            room_of[student.pk] = people["classes"][i // CLASS_SIZE].pk
        ability = {s.pk: rng.uniform(0.35, 0.95) for s in people["students"]}
        numbers: dict[tuple[int, int], int] = {}
        grader = Grader()
        students = people["students"]
        made_attempts = made_responses = 0
        round_ = 0
        while made_responses < budget:
            batch, pending = [], []
            for student in students:
                if made_responses >= budget:
                    break
                mine = by_class[room_of[student.pk]]
                assignment = mine[round_ % len(mine)]
                question_set = set_of[assignment.question_set_id]
                key = (student.pk, question_set.pk)
                number = numbers.get(key, 0) + 1
                if question_set.attempts_allowed and number > question_set.attempts_allowed:
                    continue
                numbers[key] = number
                question_ids, versions, option_order = rng.choice(pools[question_set.pk])
                take = min(len(question_ids), budget - made_responses)
                started_at = assignment.opens_at + timedelta(minutes=rng.randrange(0, 20 * 1440))
                started_at = min(started_at, now - timedelta(hours=1))
                batch.append(
                    submitted_attempt(
                        student,
                        question_set,
                        number,
                        (question_ids, versions, option_order),
                        take=take,
                        started_at=started_at,
                        assignment=assignment,
                    )
                )
                pending.append((take, ability[student.pk]))
                made_responses += take
            if not batch:
                break
            made_attempts += len(batch)
            self._write_attempts(batch, pending, grader, rng)
            round_ += 1
        return made_attempts, made_responses

    def _write_attempts(self, batch: list, pending: list, grader: Grader, rng: random.Random):
        for attempt, (take, skill) in zip(batch, pending, strict=True):
            total = 0.0
            rows = []
            for position, question_id in enumerate(attempt.question_ids[:take]):
                version_id = attempt.versions[str(question_id)]
                answer, score, correct, note = grader(version_id, rng.random() < skill)
                total += score
                when = attempt.started_at + timedelta(seconds=40 * (position + 1))
                rows.append((question_id, version_id, position, answer, score, correct, note, when))
            attempt.score = round(total, 6)
            attempt.percent = round(100 * total / attempt.max_score, 1)
            attempt.passed = attempt.percent >= attempt.pass_mark
            attempt._rows = rows
        Attempt.objects.bulk_create(batch, batch_size=5000)
        columns = [
            "attempt_id",
            "question_id",
            "question_version_id",
            "position",
            "answer",
            "score",
            "max_score",
            "is_correct",
            "note",
            "answered_at",
            "updated_at",
        ]
        rows = []
        for attempt in batch:
            for qid, vid, position, answer, score, correct, note, when in attempt._rows:
                rows.append(
                    (attempt.pk, qid, vid, position, answer, score, 1.0, correct, note, when, when)
                )
                if len(rows) >= CHUNK:
                    _copy(Response, columns, rows)
                    rows = []
        _copy(Response, columns, rows)

    def _flashcards(self, people: dict, sets: list, budget: int, rng: random.Random):
        """Each studying student gets a deck of one set; cards reviewed a few times each."""
        if budget <= 0:
            return 0, 0
        now = timezone.now()
        items = {
            s.pk: list(
                s.items.filter(question__current_version__isnull=False).values_list(
                    "question_id", flat=True
                )
            )
            for s in sets
        }
        sets = [s for s in sets if items[s.pk]]
        students = people["students"]
        made_cards = made_reviews = 0
        index = 0
        while made_reviews < budget and index < len(students):
            student = students[index]
            question_set = sets[index % len(sets)]
            index += 1
            Deck.objects.create(user=student, question_set=question_set)
            cards = []
            for qid in items[question_set.pk]:
                last = now - timedelta(days=rng.uniform(1, 20))
                cards.append(
                    Card(
                        user=student,
                        question_id=qid,
                        state=Card.State.REVIEW,
                        step=None,
                        stability=round(rng.uniform(1, 30), 3),
                        difficulty=round(rng.uniform(2, 8), 3),
                        # About half are due now, so the study queue is never empty.
                        due=last + timedelta(days=rng.uniform(0.5, 40)),
                        last_review=last,
                        version=rng.randint(1, 6),
                    )
                )
            Card.objects.bulk_create(cards)
            made_cards += len(cards)
            rows = []
            for card in cards:
                count = card.version
                reviewed = card.last_review - timedelta(days=3 * count)
                before = {
                    "card_id": card.pk,
                    "state": 1,
                    "step": 0,
                    "stability": None,
                    "difficulty": None,
                    "due": reviewed.isoformat(),
                    "last_review": None,
                }
                for n in range(count):
                    reviewed += timedelta(days=3)
                    after = {
                        "card_id": card.pk,
                        "state": 2,
                        "step": None,
                        "stability": card.stability,
                        "difficulty": card.difficulty,
                        "due": (reviewed + timedelta(days=3)).isoformat(),
                        "last_review": reviewed.isoformat(),
                    }
                    kind = 0 if n == 0 else 2
                    rows.append(
                        (
                            card.pk,
                            student.pk,
                            rng.choice((1, 3, 3, 3, 4)),
                            kind,
                            card.last_review if n == count - 1 else reviewed,
                            rng.randint(2000, 15000),
                            json.dumps(before),
                            json.dumps(after),
                        )
                    )
                    before = after
            _copy(
                ReviewLog,
                [
                    "card_id",
                    "user_id",
                    "rating",
                    "kind",
                    "reviewed_at",
                    "duration_ms",
                    "state_before",
                    "state_after",
                ],
                rows,
            )
            made_reviews += len(rows)
        return made_cards, made_reviews


if __name__ == "__main__":
    # As manage.py would run it: an error is a message and exit status 1, no traceback.
    Command().run_from_argv([sys.argv[0], "load_data", *sys.argv[1:]])
