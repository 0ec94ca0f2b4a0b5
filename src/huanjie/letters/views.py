"""告业主书 pages of the working group: issue letters (all units, those without one, one building),
reissue one unit's letter at the door, and record each letter's delivery."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES
from huanjie.letters import selectors, services
from huanjie.letters.errors import ConfirmVoiding, LettersError
from huanjie.letters.forms import ALL, BUILDING, MISSING, IssueForm, LetterDeliveryForm, ReissueForm
from huanjie.roster.models import Community, Unit
from huanjie.visits.errors import VisitError
from huanjie.visits.services import find_unit
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view

SHOWN = 200


def _pdf(run: services.PrintRun, name: str) -> HttpResponse:
    response = HttpResponse(run.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"  # the codes are in it, and nowhere else
    return response


def _default_expiry(community: Community, today: date) -> date:
    from huanjie.reelection.selectors import current_reelection

    reelection = current_reelection(community.pk)
    return reelection.term_end if reelection and reelection.term_end > today else today + timedelta(days=90)


def _units(community: Community, form: IssueForm, today: date) -> list[Unit]:
    data = form.cleaned_data
    if data["scope"] == ALL:
        found = Unit.objects.filter(community=community)
    elif data["scope"] == BUILDING:
        found = Unit.objects.filter(community=community, building=data["building"])
    else:
        found = services.units_without_letter(community, today=today)
    units = list(found.order_by("building__sort_key", "building__name", "sort_key", "code"))
    if data["scope"] != MISSING and not data["confirm"]:
        voiding = services.valid_letters(community, today=today).filter(unit__in=units).count()
        if voiding:
            raise ConfirmVoiding(count=voiding)
    return units


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    today = timezone.localdate()
    initial = {"expires_on": _default_expiry(community, today)}
    issue = IssueForm(request.POST if request.POST.get("action") == "issue" else None, community=community,
                      initial=initial)
    # Two forms on one page: the second has ids of its own, so that every label names its own field.
    reissue = ReissueForm(request.POST if request.POST.get("action") == "reissue" else None, initial=initial,
                          auto_id="id_reissue_%s")
    site = request.build_absolute_uri("/")
    try:
        if issue.is_bound and issue.is_valid():
            header = services.letter_header(community, site=site, expires_on=issue.cleaned_data["expires_on"],
                                            today=today)
            run = services.issue_letters(community=community, units=_units(community, issue, today),
                                         expires_on=issue.cleaned_data["expires_on"], header=header,
                                         actor=request.user, today=today)  # type: ignore[arg-type]
            return _pdf(run, f"letters-{community.slug}-{today:%Y%m%d}.pdf")
        if reissue.is_bound and reissue.is_valid():
            unit = find_unit(community=community, code=reissue.cleaned_data["unit"])
            header = services.letter_header(community, site=site, expires_on=reissue.cleaned_data["expires_on"],
                                            today=today)
            run = services.reissue_letter(unit=unit, expires_on=reissue.cleaned_data["expires_on"], header=header,
                                          actor=request.user, today=today)  # type: ignore[arg-type]
            return _pdf(run, f"letter-{community.slug}-{unit.pk}.pdf")
    except (LettersError, VisitError) as error:
        (issue if issue.is_bound else reissue).add_error(None, str(error))
    return render(request, "letters/index.html", {
        "community": community, "issue": issue, "reissue": reissue,
        "counts": selectors.counts(community, today=today),
        "community_nav": community_nav(community, request.community_roles, "letters"),  # type: ignore[attr-defined]
    }, status=400 if issue.is_bound or reissue.is_bound else 200)


@community_view(roles=STAFF_ROLES)
def delivery(request: HttpRequest, community: Community) -> HttpResponse:
    """送达签收: each letter handed over, signed for by whom, or why not (like the ballot papers)."""
    form = LetterDeliveryForm(request.POST or None,
                              initial={"delivered_at": timezone.localtime().replace(second=0, microsecond=0)})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            done = services.record_letter_delivery(
                unit=find_unit(community=community, code=data["unit"]), actor=request.user,  # type: ignore[arg-type]
                **{k: data[k] for k in ("outcome", "delivered_by", "delivered_at", "signed_by", "relation",
                                        "reason", "note")})
        except (LettersError, VisitError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已登记：%(unit)s %(outcome)s") % {
                "unit": done.unit.code, "outcome": done.get_outcome_display()})
            return redirect("letters:delivery", slug=community.slug)
    undelivered = selectors.undelivered_units(community)
    return render(request, "letters/delivery.html", {
        "community": community, "form": form, "counts": selectors.counts(community, today=timezone.localdate()),
        "undelivered": undelivered[:SHOWN], "undelivered_count": undelivered.count(),
        "deliveries": selectors.deliveries(community)[:SHOWN],
        "community_nav": community_nav(community, request.community_roles, "letters"),  # type: ignore[attr-defined]
    })
