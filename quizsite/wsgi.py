"""WSGI entry point: `gunicorn quizsite.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
application = get_wsgi_application()


def load_for_good() -> None:
    """Load what a worker keeps for its whole life, then freeze it (gc.freeze): the view
    modules and URL tables, and the project's compiled templates. The garbage collector's
    full passes then skip those objects, so a pass stops the worker for far less time
    (bench/gc_pauses.py; docs/performance.md, "Workers freeze what they keep")."""
    from django.conf import settings
    from django.template import engines
    from django.template.utils import get_app_template_dirs
    from django.urls import reverse

    reverse("home")  # imports the URLconf, every view module, and fills the URL tables
    engine = engines["django"]
    ours = settings.BASE_DIR / "quizzes"
    for root in get_app_template_dirs("templates"):
        if not root.is_relative_to(ours):
            continue
        for path in sorted(root.rglob("*.html")):
            engine.get_template(str(path.relative_to(root)))
    gc.freeze()


load_for_good()
