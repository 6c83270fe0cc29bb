from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from quizzes.accounts.forms import SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    """Students sign up themselves; teacher accounts are made by staff or invitation."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="quizzes.accounts.backends.UserBackend")
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)
