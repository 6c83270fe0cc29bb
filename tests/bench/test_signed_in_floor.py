"""The benchmark's signed-in floor page (bench/bench_urls.py), which production does not have."""

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.bench_urls"


def test_the_floor_is_base_html_for_a_signed_in_student(
    bench_urls, as_user, student, django_assert_num_queries
):
    client = as_user(student)
    with django_assert_num_queries(1):  # the user; the session comes from the cache
        response = client.get("/bench/floor")
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["base.html", "nav_items.html"]
    assert student.username in response.text and "My assignments" in response.text


def test_the_floor_refuses_anonymous_requests(bench_urls, client):
    assert client.get("/bench/floor").status_code == 403


def test_the_bench_urls_keep_every_production_url(bench_urls):
    assert reverse("home") == "/" and reverse("health_database") == "/healthz/db"


def test_production_has_no_floor():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
