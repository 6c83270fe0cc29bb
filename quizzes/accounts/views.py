from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from quizzes.accounts.forms import PasswordChangeForm, ProfileForm, SetPasswordForm, SignupForm
from quizzes.accounts.services import password_change
from quizzes.accounts.throttle import RateLimit, client_address
from quizzes.core.decorators import login_required
from quizzes.core.formatting import minutes as format_minutes

# Every sign-up form sent counts, per address: a class signing up together from one
# school network (with retries) stays under it, a script making accounts does not.
SIGNUPS = RateLimit("signup", limit=100, window=timedelta(hours=1))
# Each reset form sent may send an e-mail: a few per address, enough for typos.
PASSWORD_RESETS = RateLimit("password-reset", limit=10, window=timedelta(hours=1))


@require_http_methods(["GET", "POST"])
def signup(request):
    """Students sign up themselves; teacher accounts are made by staff or invitation."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        address = client_address(request)
        if SIGNUPS.exceeded(address):
            wait = format_minutes(SIGNUPS.minutes)
            refusal = f"Too many sign-ups from your network. Try again in {wait}."
            form = SignupForm(initial={"username": request.POST.get("username", "")[:150]})
            context = {"form": form, "next": next_url, "refusal": refusal}
            return render(request, "accounts/signup.html", context, status=429)
        SIGNUPS.count(address)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="quizzes.accounts.backends.UserBackend")
            return redirect(next_url or "home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


def _safe_next(request) -> str:
    """Where the visitor was going (a quiz they clicked, say), as the login page keeps it;
    "" for anything off this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # A path on this site only: redirect() would read a bare word as a URL name.
    return wanted if wanted.startswith("/") and allowed else ""


@require_http_methods(["GET", "POST"])
@login_required
def password_change_view(request):
    """Every signed-in user changes their own password; this browser stays signed in."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        password_change(request=request, form=form)
        messages.success(request, "Your password was changed.")
        return redirect("password_change")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    """The signed-in user's own details: e-mail (for password resets) and time zone."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile was saved.")
        return redirect("profile")
    if request.method == "POST":
        request.user.refresh_from_db()  # the refused values stay out of the header
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer whether or not the address has an account; each
    form sent counts per address, so the page cannot be used to send mail in bulk."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        address = client_address(request)
        if PASSWORD_RESETS.exceeded(address):
            refusal = (
                f"Too many reset requests from your network. "
                f"Try again in {format_minutes(PASSWORD_RESETS.minutes)}."
            )
            context = self.get_context_data(form=self.get_form_class()(), refusal=refusal)
            return self.render_to_response(context, status=429)
        PASSWORD_RESETS.count(address)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
