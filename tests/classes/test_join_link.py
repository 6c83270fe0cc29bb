"""The class join link /join/<code>/, its QR code and the printable join card."""

from urllib.parse import quote

import lxml.html
import pytest
from django.urls import reverse

from quizzes.classes.models import Classroom, Membership
from quizzes.classes.views import WRONG_JOIN_CODES, WRONG_JOIN_LINKS
from tests.conftest import HTMX
from tests.factories import (
    ClassroomFactory,
    MembershipFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(db):
    teacher = TeacherFactory(first_name="Grace", last_name="Hopper")
    return ClassroomFactory(owner=teacher, name="Year 9 History")


def link(classroom) -> str:
    return reverse("join_link", args=[classroom.join_code])


def test_anonymous_visitor_is_sent_to_sign_up_and_back(client, classroom):
    response = client.get(link(classroom))
    assert response.status_code == 302
    assert response.url == f"{reverse('signup')}?next={quote(link(classroom), safe='')}"
    signup = client.get(response.url).text
    # Both ways carry the link: the sign-up form, and "Log in" for those with an account.
    assert f'name="next" value="{link(classroom)}"' in signup
    assert f"{reverse('login')}?next={link(classroom)}" in signup
    assert not Membership.objects.exists()


def test_signed_in_student_sees_class_and_teacher_and_joins_with_the_button(
    as_user, classroom, student
):
    client = as_user(student)
    page = client.get(link(classroom))
    assert page.status_code == 200
    assert "Join Year 9 History" in page.text and "taught by Grace Hopper" in page.text
    assert not Membership.objects.exists()  # opening the link never joins
    joined = client.post(link(classroom), follow=True)
    assert joined.redirect_chain == [(reverse("my_assignments"), 302)]
    assert "You joined Year 9 History." in joined.text
    assert Membership.objects.filter(classroom=classroom, student=student).count() == 1
    again = client.get(link(classroom))
    assert (
        "You are already in this class." in again.text
        and "<form" not in again.text.split("<main")[1].split("Not you?")[0]
    )
    twice = client.post(link(classroom), follow=True)
    assert "You are already in Year 9 History." in twice.text
    assert Membership.objects.filter(student=student).count() == 1


def test_code_in_the_link_is_read_as_typed(as_user, classroom, student):
    code = classroom.join_code
    typed = f"{code[:4].lower()}-{code[4:].lower()}"
    response = as_user(student).post(reverse("join_link", args=[typed]))
    assert response.status_code == 302
    assert Membership.objects.filter(classroom=classroom, student=student).exists()


def test_regenerated_code_invalidates_the_old_link(as_user, classroom, student):
    old = link(classroom)
    as_user(classroom.owner).post(reverse("class_regenerate_code", args=[classroom.pk]))
    classroom.refresh_from_db()
    client = as_user(student)
    for response in (client.get(old), client.post(old)):
        assert response.status_code == 404
        assert "This join link is no longer valid" in response.text
        assert "Ask your teacher for the new one" in response.text
    assert not Membership.objects.exists()
    assert client.post(link(classroom)).status_code == 302
    # An anonymous visitor learns it at once, rather than after signing up.
    client.logout()
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(
    "code",
    ["NOPE2345", "x" * 300, "' OR 1=1 --", "ÄÖÜ", "%20"],
    ids=["unknown", "long", "sql", "unicode", "blank"],
)
def test_bad_codes_are_a_clear_404_and_change_nothing(as_user, classroom, student, code):
    url = f"/join/{code}/"
    response = as_user(student).post(url)
    assert response.status_code == 404
    assert "no longer valid" in response.text
    assert not Membership.objects.exists()


def test_a_nul_in_the_link_is_refused_as_bad_input(as_user, classroom, student):
    assert as_user(student).post("/join/%00/").status_code == 400
    assert not Membership.objects.exists()


def test_teachers_cannot_join_even_their_own_class(as_user, classroom):
    for teacher in (classroom.owner, TeacherFactory()):
        client = as_user(teacher)
        for response in (client.get(link(classroom)), client.post(link(classroom))):
            assert response.status_code == 403
            assert "students join them with this link" in response.text
    assert not Membership.objects.exists()


def test_staff_who_own_the_class_cannot_join_it(as_user):
    staff = StaffFactory()
    classroom = ClassroomFactory(owner=staff)
    assert as_user(staff).post(link(classroom)).status_code == 403
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("anonymous", 302, 302),
        ("member", 200, 302),
        ("other_student", 200, 302),
        ("owner", 403, 403),
        ("other_teacher", 403, 403),
        ("staff", 200, 302),
    ],
)
def test_permission_matrix(client, classroom, role, get, post):
    member = MembershipFactory(classroom=classroom).student
    users = {
        "anonymous": None,
        "member": member,
        "other_student": StudentFactory(),
        "owner": classroom.owner,
        "other_teacher": TeacherFactory(),
        "staff": StaffFactory(),
    }
    if users[role] is not None:
        client.force_login(users[role])
    assert client.get(link(classroom)).status_code == get
    response = client.post(link(classroom))
    assert response.status_code == post
    if role == "anonymous":
        assert response.url.startswith(reverse("signup"))
    joined = role in ("other_student", "staff")
    member_count = 1 + joined
    assert Membership.objects.filter(classroom=classroom).count() == member_count


def test_wrong_links_are_limited_per_student(as_user, classroom, student, other_student):
    client = as_user(student)
    for n in range(WRONG_JOIN_CODES.limit):
        assert client.get(f"/join/WRONG{n:03d}/").status_code == 404
    refused = client.post(link(classroom))  # even the right link, while locked
    assert refused.status_code == 429 and "Too many join links" in refused.text
    assert not Membership.objects.exists()
    # The same count as wrong codes typed at /join/: no more tries by switching.
    typed = client.post(reverse("join_class"), {"code": classroom.join_code})
    assert typed.status_code == 429
    assert as_user(other_student).post(link(classroom)).status_code == 302


def test_wrong_links_are_limited_per_address_before_signing_in(client, classroom):
    for n in range(WRONG_JOIN_LINKS.limit):
        assert client.get(f"/join/WRONG{n:03d}/").status_code == 404
    assert client.get(link(classroom)).status_code == 429
    other_address = client.get(link(classroom), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_right_links_do_not_count(as_user, classroom, student):
    client = as_user(student)
    for _ in range(WRONG_JOIN_CODES.limit + 2):
        assert client.get(link(classroom)).status_code == 200
    assert client.post(link(classroom)).status_code == 302


@pytest.mark.parametrize("size", [1, 40])
def test_join_link_query_budget(as_user, student, size, django_assert_max_num_queries):
    classroom = ClassroomFactory()
    for _ in range(size):
        MembershipFactory(classroom=classroom)
    client = as_user(student)
    with django_assert_max_num_queries(4):
        assert client.get(link(classroom)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.post(link(classroom)).status_code == 302


# The class page and the card


def _qr(page: str):
    svgs = lxml.html.fromstring(page).xpath("//figure//svg[@class='qr']")
    assert len(svgs) == 1
    return svgs[0]


def test_class_page_shows_the_absolute_link_its_qr_code_and_the_card(as_user, classroom):
    page = as_user(classroom.owner).get(reverse("class_detail", args=[classroom.pk])).text
    absolute = f"http://testserver{link(classroom)}"
    assert f'href="{absolute}"' in page
    qr = _qr(page)
    assert qr.xpath("title")[0].text == "QR code: the join link of Year 9 History"
    assert qr.get("viewbox") and not qr.get("width")  # scales with its box
    assert 'data-copy="join-link-' in page and "Copy link" in page
    assert reverse("class_join_card", args=[classroom.pk]) in page


def test_qr_code_encodes_the_join_link(as_user, classroom):
    """The SVG's modules are those of the link's QR code (segno reads nothing back, so
    compare with the matrix of the link and of the code's old link)."""
    import segno

    page = as_user(classroom.owner).get(reverse("class_detail", args=[classroom.pk])).text
    drawn = lxml.html.tostring(_qr(page), encoding="unicode")
    absolute = f"http://testserver{link(classroom)}"
    expected = segno.make(absolute, error="m").svg_inline(scale=1, border=4, omitsize=True)
    path = lambda svg: lxml.html.fromstring(svg).xpath("//path")[-1].get("d")  # noqa: E731
    assert path(drawn) == path(expected)
    other = segno.make(absolute.replace(classroom.join_code, "ABCDEFGH"), error="m")
    assert path(drawn) != path(other.svg_inline(scale=1, border=4, omitsize=True))


def test_new_code_swaps_in_the_new_link_and_qr(as_user, classroom):
    old_page = as_user(classroom.owner).get(reverse("class_detail", args=[classroom.pk])).text
    response = as_user(classroom.owner).post(
        reverse("class_regenerate_code", args=[classroom.pk]), **HTMX
    )
    classroom.refresh_from_db()
    assert "<html" not in response.text
    assert link(classroom) in response.text
    assert lxml.html.tostring(_qr(response.text)) != lxml.html.tostring(_qr(old_page))


def test_join_card_has_name_code_qr_and_link_and_prints_alone(as_user, classroom):
    page = as_user(classroom.owner).get(reverse("class_join_card", args=[classroom.pk])).text
    card = lxml.html.fromstring(page).xpath("//article[@class='join-card']")[0]
    text = card.text_content()
    assert "Join Year 9 History" in text and "Grace Hopper" in text
    assert classroom.join_code in card.xpath(".//*[@class='join-card-code']")[0].text
    assert f"http://testserver{link(classroom)}" in text
    _qr(page)
    assert "classes/join_card.css" in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("student", 403),
        ("owner", 200),
        ("other_teacher", 404),
        ("staff", 200),
    ],
)
def test_join_card_permissions(client, classroom, role, expected):
    users = {
        "anonymous": None,
        "student": MembershipFactory(classroom=classroom).student,
        "owner": classroom.owner,
        "other_teacher": TeacherFactory(),
        "staff": StaffFactory(),
    }
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(reverse("class_join_card", args=[classroom.pk]))
    assert response.status_code == expected
    assert client.post(reverse("class_join_card", args=[classroom.pk])).status_code in (405, 302)


def test_join_card_of_no_class_is_404(as_user, teacher):
    assert as_user(teacher).get(reverse("class_join_card", args=[99999])).status_code == 404


@pytest.mark.parametrize("size", [1, 40])
def test_join_card_query_budget(as_user, size, django_assert_max_num_queries):
    classroom = ClassroomFactory()
    for _ in range(size):
        MembershipFactory(classroom=classroom)
    client = as_user(classroom.owner)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("class_join_card", args=[classroom.pk])).status_code == 200


def test_a_new_code_made_while_joining_is_the_invalid_link_page(
    as_user, classroom, student, monkeypatch
):
    """The teacher presses "New code" between the link's look-up and the join."""
    from quizzes.classes import views
    from quizzes.classes.services import classroom_regenerate_code

    found = views.classroom_by_join_code

    def found_then_regenerated(*, code):
        result = found(code=code)
        classroom_regenerate_code(classroom=Classroom.objects.get(pk=classroom.pk))
        return result

    monkeypatch.setattr(views, "classroom_by_join_code", found_then_regenerated)
    response = as_user(student).post(link(classroom))
    assert response.status_code == 404 and "no longer valid" in response.text
    assert not Membership.objects.exists()
