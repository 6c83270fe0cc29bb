"""What a lighter practice-answer fragment would save: the answered screen's `#screen`
partial (what an htmx answer returns now) against its `feedback` partial alone, rendered in one
process for answered practice questions of the load-test database (`make bench`):

    .venv/bin/python bench/feedback_fragment.py
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from request_cpu import configure  # noqa: E402


def main(renders: int = 3000) -> None:
    configure("quizsite_bench")
    from django.template.loader import get_template
    from django.test import RequestFactory

    from quizzes.attempts import selectors
    from quizzes.attempts.models import Attempt

    factory, contexts = RequestFactory(), []
    open_practice = Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS,
        question_set__mode="practice",
        responses__position=0,
    ).select_related("question_set", "user")
    for attempt in open_practice.order_by("pk")[:20]:
        request = factory.post("/", HTTP_HX_REQUEST="true")
        request.user = attempt.user
        response = selectors.response_at(attempt=attempt, index=0)
        screen = selectors.attempt_screen(
            attempt=attempt, index=0, viewer=attempt.user, response=response
        )
        contexts.append((request, {"attempt": attempt, "screen": screen, "s": screen}))
    if not contexts:
        sys.exit("No answered practice attempts: run `make bench` first.")
    templates = {
        "#screen partial (now)": get_template("attempts/play.html#screen"),
        "feedback partial alone": get_template("attempts/play.html#feedback"),
    }
    for _ in range(3):
        for name, template in templates.items():
            start = time.process_time()
            for i in range(renders):
                request, context = contexts[i % len(contexts)]
                template.render(context, request)
            cpu = (time.process_time() - start) * 1000 / renders
            print(f"{name:24} {cpu:.3f} ms of CPU per render")


if __name__ == "__main__":
    main()
