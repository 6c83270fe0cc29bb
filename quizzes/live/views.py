"""The live game's pages (docs/live.md): the host's screen and its buttons, joining by PIN,
the player's screen and answer. Every action is a plain POST that redirects back to its
screen; htmx posts get the screen's fragment. The sockets (consumers.py) push the same
fragments when the game changes."""

import io
from datetime import timedelta

import segno
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.accounts.throttle import RateLimit, client_address
from quizzes.core.decorators import teacher_required
from quizzes.core.htmx import redirect_page, wants_fragment
from quizzes.live import services
from quizzes.live.models import PIN_DIGITS, SECONDS_DEFAULT, LiveGame, LivePlayer
from quizzes.live.selectors import (
    current_version,
    game_by_pin,
    host_screen,
    player_for,
    player_screen,
    sets_hostable_by,
)

# Wrong PINs per address: a mistyped PIN or two is nothing, guessing PINs is stopped.
# Per address, since guests have no account (a class shares one address: the limit is
# generous for typos, far below the million PINs there are).
WRONG_PINS = RateLimit("live-pin", limit=30, window=timedelta(minutes=10))
CONTROLS = {
    "start": services.game_start,
    "next": services.game_next,
    "reveal": services.game_reveal,
    "end": services.game_end,
}


def _hosted(request, pk: int) -> LiveGame:
    game = get_object_or_404(LiveGame.objects.select_related("question_set"), pk=pk)
    if game.host_id != request.user.pk:
        raise PermissionDenied("Only the teacher hosting this game can run it.")
    return game


def _host_page(request, game: LiveGame, *, error: str = "", status: int = 200):
    template = "live/host.html#stage" if wants_fragment(request) else "live/host.html"
    context = {
        **host_screen(game=game, now=timezone.now()),
        "error": error,
        "join_url": request.build_absolute_uri(reverse("play_pin", args=[game.pin])),
    }
    return render(request, template, context, status=status)


@teacher_required
@require_POST
def host_create(request, slug: str):
    """ "Host live" on a set's page: open a lobby."""
    question_set = get_object_or_404(sets_hostable_by(user=request.user), slug=slug)
    raw = request.POST.get("seconds", str(SECONDS_DEFAULT)).strip()
    if not raw.isdecimal() or len(raw) > 3:
        return _problem(request, "The countdown must be a whole number of seconds.", status=400)
    try:
        game = services.game_create(
            host=request.user,
            question_set=question_set,
            seconds=int(raw),
            allow_guests=request.POST.get("allow_guests") == "on",
        )
    except services.LiveError as refusal:
        return _problem(request, str(refusal), status=400)
    return redirect_page(request, reverse("live_host", args=[game.pk]))


def _problem(request, message: str, *, status: int):
    template = "live/problem.html#problem" if wants_fragment(request) else "live/problem.html"
    return render(request, template, {"message": message}, status=status)


@teacher_required
@require_GET
def host(request, pk: int):
    return _host_page(request, _hosted(request, pk))


@teacher_required
@require_POST
def host_control(request, pk: int, action: str):
    """Start, next, reveal, end: the host paces the game."""
    game = _hosted(request, pk)
    control = CONTROLS.get(action)
    if control is None:
        return _problem(request, "There is no such step in a game.", status=404)
    try:
        game = control(game=game)
    except services.LiveError as refusal:
        return _host_page(request, game, error=str(refusal), status=409)
    if not wants_fragment(request):
        return redirect("live_host", pk=game.pk)
    return _host_page(request, game)


@teacher_required
@require_POST
def host_remove(request, pk: int, player: int):
    game = _hosted(request, pk)
    target = get_object_or_404(LivePlayer, pk=player, game=game)
    services.player_remove(game=game, player=target)
    game.refresh_from_db()
    if not wants_fragment(request):
        return redirect("live_host", pk=game.pk)
    return _host_page(request, game)


@teacher_required
@require_GET
def host_qr(request, pk: int):
    """The join link as a QR code (SVG), for the lobby on the projector."""
    game = _hosted(request, pk)
    url = request.build_absolute_uri(reverse("play_pin", args=[game.pin]))
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=2)
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


def _join_page(request, *, pin: str = "", nickname: str = "", error: str = "", status=200):
    return render(
        request,
        "live/join.html",
        {"pin": pin, "nickname": nickname, "error": error, "pin_digits": PIN_DIGITS},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def join(request):
    """Join a game by PIN: a signed-in student of the host's classes, or a guest with a
    nickname where the host allows guests."""
    if request.method == "GET":
        return _join_page(request, pin=request.GET.get("pin", "")[:PIN_DIGITS])
    pin = request.POST.get("pin", "")
    nickname = request.POST.get("nickname", "")
    pin = pin.strip().replace(" ", "") if isinstance(pin, str) else ""
    shown = {"pin": pin[:PIN_DIGITS], "nickname": nickname[:40]}
    who = client_address(request)
    if WRONG_PINS.exceeded(who):
        return _join_page(
            request,
            **shown,
            error=f"Too many wrong PINs from your network; try again in {WRONG_PINS.minutes} "
            "minutes.",
            status=429,
        )
    if not (len(pin) == PIN_DIGITS and pin.isdecimal()):
        return _join_page(request, **shown, error="A game PIN has six digits.", status=400)
    game = game_by_pin(pin)
    if game is None:
        WRONG_PINS.count(who)
        return _join_page(request, **shown, error="No game is running with that PIN.", status=404)
    user = request.user if request.user.is_authenticated else None
    try:
        player = services.player_join(game=game, user=user, nickname=nickname)
    except services.LiveError as refusal:
        return _join_page(request, **shown, error=str(refusal), status=403)
    if user is None:
        players = dict(request.session.get("live_players") or {})
        players[str(game.pk)] = player.pk
        request.session["live_players"] = players
    return redirect_page(request, reverse("live_play", args=[game.pk]))


@require_GET
def join_pin(request, pin: str):
    """The join link (and its QR code): the join form with the PIN filled in."""
    return _join_page(request, pin=pin)


def _player(request, pk: int) -> tuple[LiveGame, LivePlayer | None]:
    game = get_object_or_404(LiveGame.objects.select_related("question_set"), pk=pk)
    return game, player_for(game=game, user=request.user, session=request.session)


def _player_page(request, game, player, *, error: str = "", status: int = 200):
    template = "live/play.html#stage" if wants_fragment(request) else "live/play.html"
    context = {**player_screen(game=game, player=player, now=timezone.now()), "error": error}
    return render(request, template, context, status=status)


@require_GET
def play(request, pk: int):
    """A player's screen, in whatever state the game is: reloading finds it again."""
    game, player = _player(request, pk)
    if player is None:
        return redirect(f"{reverse('live_join')}?pin={game.pin}")
    return _player_page(request, game, player)


def answer_from(post, kind: str) -> dict:
    if kind in ("single_choice", "true_false"):
        return {"choice": post.get("choice")}
    if kind == "multiple_answer":
        return {"choices": post.getlist("choices")}
    if kind == "numeric":
        return {"value": post.get("value", "")}
    return {"text": post.get("text", "")}


@require_POST
def answer(request, pk: int):
    """A player's answer to the question being asked."""
    game, player = _player(request, pk)
    if player is None:
        raise PermissionDenied("Join this game before answering.")
    raw = request.POST.get("position", "")
    if not raw.isdecimal() or len(raw) > 4:
        return _player_page(
            request, game, player, error="The answer must name its question.", status=400
        )
    version = current_version(game)
    kind = version.snapshot["type"] if version else ""
    try:
        services.answer_submit(
            game=game, player=player, position=int(raw), answer=answer_from(request.POST, kind)
        )
    except services.LiveError as refusal:
        game.refresh_from_db()
        status = 400 if isinstance(refusal, services.AnswerMalformed) else 409
        return _player_page(request, game, player, error=str(refusal), status=status)
    game.refresh_from_db()
    player.refresh_from_db()
    if not wants_fragment(request):
        return redirect("live_play", pk=game.pk)
    return _player_page(request, game, player)
