"""Voting on a phone: the code from the paper and the phone's last digits, the ballot, a review
screen, a receipt — and a page to check with the receipt that the ballot is counted.

The verified paper is kept in the session for a short while only; the ballot is cast by the
confirm step, whose one-time key makes a double-clicked confirm harmless.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from huanjie.accounts import throttle
from huanjie.accounts.errors import AccountsError
from huanjie.accounts.forms import client_key
from huanjie.voting import selectors
from huanjie.voting.errors import UnknownReceipt, VotingError
from huanjie.voting.forms import BallotForm, ReceiptForm, VotingCodeForm
from huanjie.voting.models import BallotPaper, Contest
from huanjie.voting.services import cast_online_ballot, find_paper

SESSION_PAPER, SESSION_AT, SESSION_CHOICES, SESSION_KEY, SESSION_RECEIPT, SESSION_RECEIVED = (
    "vote_paper", "vote_at", "vote_choices", "vote_key", "vote_receipt", "vote_received")
# An owner who walks away from the phone leaves a ballot open for at most half an hour.
VERIFIED_FOR_SECONDS = 30 * 60


def _paper_id(request: HttpRequest) -> int | None:
    """The paper this browser has proved to hold, if it did so less than half an hour ago."""
    if time.time() - request.session.get(SESSION_AT, 0) > VERIFIED_FOR_SECONDS:
        return None
    pk = request.session.get(SESSION_PAPER)
    return int(pk) if pk is not None else None


def _paper(request: HttpRequest) -> BallotPaper | None:
    pk = _paper_id(request)
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
            _remember(request, paper)
            return redirect("vote:ballot")
    return _page(request, "start.html", form=form)


def _remember(request: HttpRequest, paper: BallotPaper) -> None:
    """Keep the verified paper in the session, with the one-time key of its confirm form.

    A session the browser brought along gets a new key first, so that a session planted before
    the code was entered is worth nothing; a browser without one gets a fresh session when the
    response is sent, in a single write.
    """
    session = request.session
    session.pop(SESSION_CHOICES, None)  # reads the session the browser brought, if any
    if session.session_key is not None:
        session.cycle_key()
    session.update({SESSION_PAPER: paper.pk, SESSION_AT: time.time(), SESSION_KEY: secrets.token_urlsafe(24)})


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest) -> HttpResponse:
    paper = _paper(request)
    if paper is None:
        return redirect("vote:start")
    contests = _contests(paper)
    initial = request.session.get(SESSION_CHOICES)
    form = BallotForm(request.POST or None, contests=contests, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_CHOICES] = {c.spec_id: form.cleaned_data[c.spec_id] for c in contests}
        return redirect("vote:review")
    return _page(request, "ballot.html", form=form, paper=paper, assembly=paper.assembly)


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    paper_id = _paper_id(request)
    choices = request.session.get(SESSION_CHOICES)
    if paper_id is None or choices is None:
        return redirect("vote:start")
    error = ""
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key != request.session.get(SESSION_KEY):
            return redirect("vote:done")  # a resent confirm from an earlier page: show what was kept
        try:
            # The cast reads and locks the paper itself: the confirm reads nothing else beforehand.
            cast = cast_online_ballot(paper=paper_id, choices=choices, submission_key=key)
        except BallotPaper.DoesNotExist:
            return redirect("vote:start")
        except VotingError as err:
            error = str(err)
        else:
            # The receipt page shows what the cast returned, from the session: no query after the cast.
            request.session[SESSION_RECEIPT] = cast.receipt
            request.session[SESSION_RECEIVED] = cast.received_at.isoformat()
            for name in (SESSION_PAPER, SESSION_CHOICES, SESSION_KEY):
                request.session.pop(name, None)
            return redirect("vote:done")
    paper = selectors.verified_paper(paper_id)
    if paper is None:
        return redirect("vote:start")
    rows = [(c, choices.get(c.spec_id)) for c in _contests(paper)]
    return _page(request, "review.html", paper=paper, assembly=paper.assembly, rows=rows, error=error,
                 key=request.session.get(SESSION_KEY))


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(SESSION_RECEIPT)
    if not receipt:
        return redirect("vote:start")
    received = request.session.get(SESSION_RECEIVED)
    return _page(request, "done.html", receipt=receipt,
                 received_at=datetime.fromisoformat(received) if received else None)


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Is the ballot with this receipt counted? Nothing else: not the units, not the choices."""
    form = ReceiptForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        keys = [f"receipt-client:{client_key(request)}"]
        try:
            throttle.ensure_not_locked(keys)
            found = selectors.find_receipt(form.cleaned_data["receipt"])
            if found is None:
                throttle.note_failure(keys)
                raise UnknownReceipt()
        except (VotingError, AccountsError) as error:
            form.add_error(None, str(error))
    return _page(request, "check.html", form=form, found=found)
