from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from quizzes.accounts.decorators import login_required
from quizzes.accounts.forms import PasswordChangeForm, SignupForm
from quizzes.accounts.services import password_change
from quizzes.accounts.throttle import RateLimit, client_address

# Every sign-up form sent counts, per address: a class signing up together from one
# school network (with retries) stays under it, a script making accounts does not.
SIGNUPS = RateLimit("signup", limit=100, window=timedelta(hours=1))


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
            minutes = SIGNUPS.minutes
            refusal = f"Too many sign-ups from your network. Try again in {minutes} minutes."
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
