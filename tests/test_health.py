from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse


def test_alive_needs_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health_alive"))
    assert response.status_code == 200 and response.text == "ok"


def test_database_check_is_one_primary_key_read(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("health_database"))
    assert response.status_code == 200 and response.text.startswith("ok")


def test_health_checks_refuse_posts(client, db):
    assert client.post(reverse("health_alive")).status_code == 405


def test_database_check_is_a_503_when_the_database_is_down(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get(reverse("health_database"))
    assert response.status_code == 503 and response.text == "database unavailable"
    monkeypatch.undo()
    assert client.get(reverse("health_database")).status_code == 200
