"""Classes, join codes, assignments and teacher invitations."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.accounts.throttle import RateLimit, client_address
from quizzes.classes.forms import (
    AssignmentForm,
    ClassroomForm,
    InviteForm,
    JoinForm,
    TeacherSignupForm,
    join_code_from,
    set_choices,
)
from quizzes.classes.models import Invite
from quizzes.classes.qr import qr_svg
from quizzes.classes.selectors import (
    assignment_work,
    assignments_for_student,
    classroom_by_join_code,
    classroom_contents,
    classroom_list,
    classrooms_managed_by,
    invites_sent_by,
    is_member,
    memberships_of_student,
    sets_assignable_by,
    sets_to_pick,
)
from quizzes.classes.services import (
    assignment_remove,
    assignment_save,
    classroom_create,
    classroom_delete,
    classroom_join,
    classroom_regenerate_code,
    classroom_rename,
    invite_accept,
    invite_create,
    membership_remove,
)
from quizzes.core.decorators import login_required, teacher_required
from quizzes.core.formatting import minutes as format_minutes
from quizzes.core.htmx import redirect_page, wants_fragment

# Wrong join codes per student: a typo or two is nothing, guessing codes is stopped. Per
# student, not per address, so one pupil cannot use up a school network's tries.
WRONG_JOIN_CODES = RateLimit("join-code", limit=10, window=timedelta(minutes=15))
# Join links no class has, opened before signing in: per address, since there is no
# account yet; more than a student's tries, as a whole school may share the address.
WRONG_JOIN_LINKS = RateLimit("join-link", limit=30, window=timedelta(minutes=15))


def _join_context(request, classroom) -> dict:
    """The class page's join block (and the printable card): the link, and its QR code."""
    link = request.build_absolute_uri(reverse("join_link", args=[classroom.join_code]))
    title = f"QR code: the join link of {classroom.name}"
    return {"classroom": classroom, "join_link": link, "join_qr": qr_svg(data=link, title=title)}


@require_http_methods(["GET", "POST"])
@teacher_required
def class_list(request):
    form = ClassroomForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            classroom = classroom_create(owner=request.user, name=form.cleaned_data["name"])
            messages.success(
                request, f"Class created. Students join with code {classroom.join_code}."
            )
            return redirect("class_detail", pk=classroom.pk)
        status = 400
    return render(
        request,
        "classes/class_list.html",
        {"classes": classroom_list(user=request.user), "form": form},
        status=status,
    )


@require_GET
@teacher_required
def class_detail(request, pk: int):
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    return render(
        request,
        "classes/class_detail.html",
        {
            **_join_context(request, classroom),
            "memberships": classroom.memberships.select_related("student"),
            "assignments": classroom.assignments.select_related("question_set"),
        },
    )


@require_GET
@teacher_required
def class_join_card(request, pk: int):
    """A page to print or show on a projector: the class, its code, the link and its QR."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    return render(request, "classes/join_card.html", _join_context(request, classroom))


@require_http_methods(["GET", "POST"])
@teacher_required
def class_delete(request, pk: int):
    """GET asks first, saying what goes with the class; POST deletes it."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    if request.method == "GET":
        context = {"classroom": classroom, "contents": classroom_contents(classroom=classroom)}
        return render(request, "classes/class_delete.html", context)
    classroom_delete(classroom=classroom)
    messages.success(request, f"{classroom.name} was deleted.")
    return redirect_page(request, reverse("class_list"))


@require_http_methods(["GET", "POST"])
@teacher_required
def class_rename(request, pk: int):
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    form = ClassroomForm(
        request.POST if request.method == "POST" else None, initial={"name": classroom.name}
    )
    if request.method == "POST" and form.is_valid():
        classroom_rename(classroom=classroom, name=form.cleaned_data["name"])
        messages.success(request, f"The class is now called {classroom.name}.")
        return redirect_page(request, reverse("class_detail", args=[pk]))
    status = 400 if request.method == "POST" else 200
    context = {"classroom": classroom, "form": form}
    return render(request, "classes/class_rename.html", context, status=status)


@require_POST
@teacher_required
def class_regenerate_code(request, pk: int):
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    code = classroom_regenerate_code(classroom=classroom)
    if wants_fragment(request):
        context = _join_context(request, classroom)
        return render(request, "classes/class_detail.html#join-code", context)
    messages.success(request, f"New join code: {code}. The old code and join link no longer work.")
    return redirect("class_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@teacher_required
def class_remove_student(request, pk: int, membership: int):
    """GET asks first, saying what removal does; POST removes."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    member = get_object_or_404(classroom.memberships.select_related("student"), pk=membership)
    if request.method == "GET":
        context = {"classroom": classroom, "membership": member}
        return render(request, "classes/remove_student.html", context)
    membership_remove(membership=member)
    messages.success(request, f"{member.student.display_name} was removed from the class.")
    return redirect_page(request, reverse("class_detail", args=[pk]))


@require_http_methods(["GET", "POST"])
@teacher_required
def assignment_create(request, pk: int):
    return _assignment_editor(request, pk, None)


@require_http_methods(["GET", "POST"])
@teacher_required
def assignment_edit(request, pk: int, assignment: int):
    return _assignment_editor(request, pk, assignment)


def _assignment_editor(request, pk: int, assignment_pk: int | None):
    """Times are entered and shown in the teacher's own time zone (UserTimeZoneMiddleware).
    The set picker lists every set the teacher may assign, library sets included; GET
    ?q= narrows it (with htmx, as the teacher types, only the picker is swapped)."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    instance = None
    if assignment_pk is not None:
        instance = get_object_or_404(classroom.assignments, pk=assignment_pk)
    current = instance.question_set_id if instance else None
    search = request.GET.get("q", "")[:200]
    # The set chosen before searching (htmx sends the picker's value) stays in the list.
    picked = request.GET.get("question_set", "")
    picked_pk = int(picked) if picked.isdigit() and len(picked) < 10 else None
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        sets=sets_assignable_by(user=request.user, keep=current),
        initial={"question_set": picked_pk} if picked_pk else None,
    )
    if request.method == "POST" and form.is_valid():
        assignment = form.save(commit=False)
        assignment.classroom = classroom
        assignment_save(assignment=assignment)
        if instance is None:
            messages.success(request, f"“{assignment.question_set}” is assigned to {classroom}.")
        else:
            messages.success(request, f"Your changes to “{assignment.question_set}” are saved.")
        return redirect("class_detail", pk=pk)
    found = sets_to_pick(user=request.user, search=search, current=current, picked=picked_pk)
    form.set_choices(set_choices(sets=found, user=request.user))
    context = {
        "classroom": classroom,
        "form": form,
        "assignment": instance,
        "search": search,
        "set_count": len(found),
    }
    status = 400 if request.method == "POST" else 200
    template = "classes/assignment_form.html"
    if request.method == "GET" and wants_fragment(request):
        template += "#set-choices"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@teacher_required
def assignment_remove_view(request, pk: int, assignment: int):
    """GET asks first, saying what leaves the gradebook; POST removes."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    instance = get_object_or_404(
        classroom.assignments.select_related("question_set"), pk=assignment
    )
    if request.method == "GET":
        context = {
            "classroom": classroom,
            "assignment": instance,
            "work": assignment_work(assignment=instance),
        }
        return render(request, "classes/assignment_remove.html", context)
    assignment_remove(assignment=instance)
    messages.success(request, f"“{instance.question_set}” is no longer assigned to {classroom}.")
    return redirect_page(request, reverse("class_detail", args=[pk]))


@require_http_methods(["GET", "POST"])
@login_required
def join_class(request):
    """Students join a class with the code their teacher gives them; the page lists the
    classes they are in, each with Leave…"""
    if request.user.is_teacher:
        raise PermissionDenied("Teachers create classes; students join them.")
    form = JoinForm(request.POST if request.method == "POST" else None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if WRONG_JOIN_CODES.exceeded(request.user.pk):
            minutes = WRONG_JOIN_CODES.minutes
            form.add_error(
                "code",
                f"Too many wrong codes. Try again in {format_minutes(minutes)}, or check the code "
                "with your teacher.",
            )
            status = 429
        else:
            try:
                classroom, joined = classroom_join(
                    student=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                WRONG_JOIN_CODES.count(request.user.pk)
                form.add_error("code", error)
            else:
                if joined:
                    messages.success(request, f"You joined {classroom.name}.")
                else:
                    messages.info(request, f"You are already in {classroom.name}.")
                return redirect("my_assignments")
    context = {"form": form, "memberships": memberships_of_student(user=request.user)}
    return render(request, "classes/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join_link(request, code: str):
    """The link (and QR code) a teacher shares: a visitor signs up, or signs in, and comes
    back here; a signed-in student sees which class and teacher it is and joins with the
    button (POST: opening the link never joins). A code no class has (regenerated since)
    is a 404 saying so; such misses are limited as wrong codes typed at /join/ are."""
    signed_in = request.user.is_authenticated
    limit = WRONG_JOIN_CODES if signed_in else WRONG_JOIN_LINKS
    who = request.user.pk if signed_in else client_address(request)
    if limit.exceeded(who):
        refusal = (
            f"Too many join links that no class has. Try again in {limit.minutes} minutes, "
            "or check the link with your teacher."
        )
        context = {"refusal": refusal}
        return render(request, "classes/join_link_invalid.html", context, status=429)
    classroom = classroom_by_join_code(code=join_code_from(code)[:20])
    if classroom is None:
        limit.count(who)
        return render(request, "classes/join_link_invalid.html", {}, status=404)
    if not signed_in:
        return redirect(f"{reverse('signup')}?{urlencode({'next': request.path})}")
    if request.user.is_teacher or classroom.owner_id == request.user.pk:
        raise PermissionDenied("Teachers create classes; students join them with this link.")
    if request.method == "POST":
        try:
            classroom, joined = classroom_join(student=request.user, code=classroom.join_code)
        except ValidationError:  # the teacher made a new code a moment ago
            return render(request, "classes/join_link_invalid.html", {}, status=404)
        if joined:
            messages.success(request, f"You joined {classroom.name}.")
        else:
            messages.info(request, f"You are already in {classroom.name}.")
        return redirect("my_assignments")
    member = is_member(classroom=classroom, user=request.user)
    return render(request, "classes/join_link.html", {"classroom": classroom, "member": member})


@require_GET
@login_required
def my_assignments(request):
    """A student's assignments with status; Start posts to the quiz player."""
    rows = assignments_for_student(user=request.user)
    # With none, the page tells a member of a class apart from a student in none yet.
    in_a_class = not rows and memberships_of_student(user=request.user).exists()
    return render(request, "classes/my_assignments.html", {"rows": rows, "in_a_class": in_a_class})


@require_http_methods(["GET", "POST"])
@login_required
def class_leave(request, pk: int):
    """A student leaves a class (joined with a wrong code, say). GET asks first, saying
    what leaving does; POST leaves. Another's class, or one they are not in, is a 404."""
    if request.user.is_teacher:
        raise PermissionDenied("Teachers are not members of classes.")
    membership = get_object_or_404(memberships_of_student(user=request.user), classroom_id=pk)
    if request.method == "GET":
        return render(request, "classes/class_leave.html", {"membership": membership})
    membership_remove(membership=membership)
    messages.success(request, f"You left {membership.classroom.name}.")
    return redirect_page(request, reverse("join_class"))


@require_http_methods(["GET", "POST"])
@teacher_required
def invite_list(request):
    form = InviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            invite = invite_create(created_by=request.user, email=form.cleaned_data["email"])
            link = request.build_absolute_uri(invite.get_absolute_url())
            messages.success(request, f"Send this one-time link to your colleague: {link}")
            return redirect("invite_list")
        status = 400
    return render(
        request,
        "classes/invite_list.html",
        {"form": form, "invites": invites_sent_by(user=request.user)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invite_accept_view(request, token: str):
    """A new colleague signs up as a teacher; the link then stops working."""
    invite = get_object_or_404(Invite, token=token)
    if not invite.is_usable:
        return render(request, "classes/invite_accept.html", {"invite": None}, status=410)
    if request.user.is_authenticated:
        return render(
            request, "classes/invite_accept.html", {"invite": invite, "signed_in": True}, status=403
        )
    form = TeacherSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invite_accept(invite=invite, form=form)
        except ValidationError:
            return render(request, "classes/invite_accept.html", {"invite": None}, status=410)
        login(request, user, backend="quizzes.accounts.backends.UserBackend")
        messages.success(request, "Welcome! Your teacher account is ready.")
        return redirect("workspace")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "classes/invite_accept.html", {"invite": invite, "form": form}, status=status
    )
