"""Voting on a phone: the code from the paper and the phone's last digits, the ballot, a review
screen, a receipt — and a page to check with the receipt that the ballot is counted.

The flow keeps its state in a cookie of its own, signed with the secret key (django.core.signing)
and sent only to /vote/: the verified paper and when it was verified, the confirm form's one-time
key and the choices until the cast; after the cast only the receipt. No session row is read or
written, so a confirm costs the cast and nothing else, and the server keeps no record of how
anyone is about to vote. The cookie cannot be forged without the key; a copied one is worth what a
copied session would be: the cast locks the paper and uses its code once, and a resent confirm
with the same one-time key finds the same ballot.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from huanjie.accounts import throttle
from huanjie.accounts.errors import AccountsError
from huanjie.accounts.forms import client_key
from huanjie.accounts.services import normalise_code
from huanjie.voting import selectors
from huanjie.voting.errors import UnknownReceipt, VotingError
from huanjie.voting.forms import BallotForm, ReceiptForm, VotingCodeForm
from huanjie.voting.models import BallotPaper, Contest
from huanjie.voting.services import cast_online_ballot, find_paper

STATE_COOKIE, STATE_SALT = "huanjie_vote", "huanjie.voting.owner"
PAPER, AT, CHOICES, KEY, RECEIPT, RECEIVED = "paper", "at", "choices", "key", "receipt", "received"
# An owner who walks away from the phone leaves a ballot open for at most half an hour.
VERIFIED_FOR_SECONDS = 30 * 60


def _state(request: HttpRequest) -> dict[str, Any]:
    """What this browser's voting cookie says, if the server signed it; an empty state otherwise."""
    raw = request.COOKIES.get(STATE_COOKIE)
    if not raw:
        return {}
    try:
        state = signing.loads(raw, salt=STATE_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except signing.BadSignature:
        return {}
    return state if isinstance(state, dict) else {}


def _keep(response: HttpResponse, state: dict[str, Any]) -> HttpResponse:
    """The response, with the state as the browser's new voting cookie."""
    response.set_cookie(STATE_COOKIE, signing.dumps(state, salt=STATE_SALT, compress=True),
                        max_age=settings.SESSION_COOKIE_AGE, path=reverse("vote:start"),
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
    return response


def _paper_id(state: dict[str, Any]) -> int | None:
    """The paper this browser has proved to hold, if it did so less than half an hour ago."""
    if time.time() - state.get(AT, 0) > VERIFIED_FOR_SECONDS:
        return None
    pk = state.get(PAPER)
    return pk if isinstance(pk, int) else None


def _paper(state: dict[str, Any]) -> BallotPaper | None:
    pk = _paper_id(state)
    return selectors.verified_paper(pk) if pk is not None else None


def _contests(paper: BallotPaper) -> list[Contest]:
    return list(Contest.objects.filter(assembly_id=paper.assembly_id).order_by("position", "pk"))


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"voting/owner/{template}", {"owner_page": True, **context})


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = VotingCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = find_paper(code=form.cleaned_data["code"], phone_last4=form.cleaned_data["phone_last4"],
                               client_key=client_key(request))
        except (VotingError, AccountsError) as error:
            form.add_error(None, str(error))
        else:
            # A fresh state: nothing a browser brought along (another paper, planted choices) survives.
            return _keep(redirect("vote:ballot"),
                         {PAPER: paper.pk, AT: time.time(), KEY: secrets.token_urlsafe(24)})
    return _page(request, "start.html", form=form)


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    paper = _paper(state)
    if paper is None:
        return redirect("vote:start")
    contests = _contests(paper)
    form = BallotForm(request.POST or None, contests=contests, initial=state.get(CHOICES))
    if request.method == "POST" and form.is_valid():
        state[CHOICES] = {c.spec_id: form.cleaned_data[c.spec_id] for c in contests}
        return _keep(redirect("vote:review"), state)
    return _page(request, "ballot.html", form=form, paper=paper, assembly=paper.assembly)


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    paper_id = _paper_id(state)
    choices = state.get(CHOICES)
    if paper_id is None or not isinstance(choices, dict):
        return redirect("vote:start")
    error = ""
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key != state.get(KEY):
            return redirect("vote:done")  # a resent confirm from an earlier page: show what was kept
        try:
            # The cast reads and locks the paper itself: the confirm reads nothing else beforehand.
            cast = cast_online_ballot(paper=paper_id, choices=choices, submission_key=key)
        except BallotPaper.DoesNotExist:
            return redirect("vote:start")
        except VotingError as err:
            error = str(err)
        else:
            # The receipt page shows what the cast returned, from the cookie: no query after the cast.
            return _keep(redirect("vote:done"), {RECEIPT: cast.receipt, RECEIVED: cast.received_at.isoformat()})
    paper = selectors.verified_paper(paper_id)
    if paper is None:
        return redirect("vote:start")
    rows = [(c, choices.get(c.spec_id)) for c in _contests(paper)]
    return _page(request, "review.html", paper=paper, assembly=paper.assembly, rows=rows, error=error,
                 key=state.get(KEY))


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    receipt = state.get(RECEIPT)
    if not receipt:
        return redirect("vote:start")
    received = state.get(RECEIVED)
    return _page(request, "done.html", receipt=receipt,
                 received_at=datetime.fromisoformat(received) if received else None)


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Is the ballot with this receipt counted? Nothing else: not the units, not the choices."""
    form = ReceiptForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        receipt = normalise_code(form.cleaned_data["receipt"])
        try:
            # Per receipt typed and per client at it: a guesser slows only their own guesses at it.
            attempt = throttle.attempt(f"receipt:{receipt[:40]}", client_key(request))
            found = selectors.find_receipt(receipt)
            if found is None:
                throttle.failed(attempt, holder=None, step="receipt")
                raise UnknownReceipt()
            throttle.succeeded(attempt)
        except (VotingError, AccountsError) as error:
            form.add_error(None, str(error))
    return _page(request, "check.html", form=form, found=found)
