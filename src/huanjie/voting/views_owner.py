"""Voting on a phone: the code from the paper and the phone's last digits, the ballot, a review
screen, a receipt — and a page to check with the receipt that the ballot is counted.

The verified paper is kept in the session for a short while only; the ballot is cast by the
confirm step, whose one-time key makes a double-clicked confirm harmless.
"""

from __future__ import annotations

import secrets
import time
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

SESSION_PAPER, SESSION_AT, SESSION_CHOICES, SESSION_KEY, SESSION_RECEIPT = (
    "vote_paper", "vote_at", "vote_choices", "vote_key", "vote_receipt")
# An owner who walks away from the phone leaves a ballot open for at most half an hour.
VERIFIED_FOR_SECONDS = 30 * 60


def _paper(request: HttpRequest) -> BallotPaper | None:
    if time.time() - request.session.get(SESSION_AT, 0) > VERIFIED_FOR_SECONDS:
        return None
    pk = request.session.get(SESSION_PAPER)
    found = BallotPaper.objects.select_related("assembly", "entity", "assembly__community").filter(pk=pk).first()
    return found


def _contests(paper: BallotPaper) -> list[Contest]:
    return list(paper.assembly.contests.order_by("position", "pk"))


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
            request.session.cycle_key()
            request.session.update({SESSION_PAPER: paper.pk, SESSION_AT: time.time(),
                                    SESSION_KEY: secrets.token_urlsafe(24)})
            request.session.pop(SESSION_CHOICES, None)
            return redirect("vote:ballot")
    return _page(request, "start.html", form=form)


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
    paper = _paper(request)
    choices = request.session.get(SESSION_CHOICES)
    if paper is None or choices is None:
        return redirect("vote:start")
    error = ""
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key != request.session.get(SESSION_KEY):
            return redirect("vote:done")  # a resent confirm from an earlier page: show what was kept
        try:
            cast = cast_online_ballot(paper=paper, choices=choices, submission_key=key)
        except VotingError as err:
            error = str(err)
        else:
            request.session[SESSION_RECEIPT] = cast.receipt
            for name in (SESSION_PAPER, SESSION_CHOICES, SESSION_KEY):
                request.session.pop(name, None)
            return redirect("vote:done")
    rows = [(c, choices.get(c.spec_id)) for c in _contests(paper)]
    return _page(request, "review.html", paper=paper, assembly=paper.assembly, rows=rows, error=error,
                 key=request.session.get(SESSION_KEY))


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(SESSION_RECEIPT)
    if not receipt:
        return redirect("vote:start")
    return _page(request, "done.html", receipt=receipt, ballot=selectors.find_receipt(receipt))


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
