from django.urls import reverse


def test_home_lists_public_sets(client, db):
    from tests.factories import QuestionSetFactory

    QuestionSetFactory(title="Founding of NATO")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Founding of NATO" in response.text
