"""The development secret key: random, made once per checkout, kept in a git-ignored file.

A key written in the code would be every checkout's key, and anything signed with it
(sessions, matching-answer tokens) could be forged by whoever reads the code. Production
never comes here: with DEBUG off, settings refuse to start without SECRET_KEY.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def development_secret_key(path: Path) -> str:
    """The key kept in `path`, written there first if there is none.

    The file is written whole under a temporary name and linked into place, so two
    processes starting at once (runserver's reloader, parallel test runs) never read a
    half-written key: the one that links first wins and the other reads its key.
    """
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(50) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        draft.unlink()
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"{path} is empty: delete it and a new key is made.")
    return key
