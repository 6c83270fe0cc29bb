"""The authentication backend: Django's ModelBackend with a cheaper per-request user load.

Every signed-in request loads its user (`AuthenticationMiddleware` → `auth.get_user` →
`backend.get_user`). ModelBackend does it with `User._default_manager.get(pk=...)`, which
builds and compiles the same ORM query every time, which costs more CPU than running the
query (docs/performance.md). This backend compiles that query
once per database (quizzes.core.fastpaths) and runs it with the request's user id.

The user is still read from the database on every request, never cached across requests:
a deactivated user or a changed password takes effect on the user's next request, as with
ModelBackend. Everything else (authenticate, permissions, `user_can_authenticate`) is
ModelBackend's.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import router

from quizzes.core.fastpaths import CompiledRead

_user_by_pk = CompiledRead(
    lambda pk: get_user_model()._default_manager.filter(pk=pk).order_by(), "pk"
)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        if type(user_id) is not int:  # as stored by login(): the pk's to_python value
            user_id = get_user_model()._meta.pk.to_python(user_id)
        user = _user_by_pk.first(using=router.db_for_read(get_user_model()), pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
