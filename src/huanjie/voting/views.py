"""Staff pages of voting: set up, open and close, custody, double entry, turnout, count, results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie import audit
from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.candidates.selectors import final_list_for
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community
from huanjie.voting import readings, selectors, services
from huanjie.voting.consequences import close_consequences, count_consequences
from huanjie.voting.errors import VotingError
from huanjie.voting.forms import (
    AssemblyCreateForm,
    ContestForm,
    CountRulesForm,
    OpenBoxForm,
    ResolveForm,
    SealBoxForm,
    TellerForm,
)
from huanjie.voting.models import Assembly, AssemblyStatus, BoxStatus, Contest, PaperReading
from huanjie.voting.presenting import results_context, turnout_context
from huanjie.voting.selectors_papers import delivery_coverage, reissued_ballots
from huanjie.voting.services.counting import count_blockers
from huanjie.voting.services.custody import entry_advice, may_record_late_box
from huanjie.voting.tallyfiles import count_inputs, tally_zip
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view

# Tellers (计票人) and scrutineers (监票人) count with the working group; the street office watches.
TELLER_ROLES = frozenset({Role.SCRUTINEER, Role.WORKING_GROUP})
VIEW_ROLES = STAFF_ROLES | {Role.SCRUTINEER}


def _base(request: HttpRequest, community: Community, **extra: Any) -> dict[str, Any]:
    roles = request.community_roles  # type: ignore[attr-defined]
    return {"community": community, "community_nav": community_nav(community, roles, "voting"),
            "is_staff": bool(roles & STAFF_ROLES), "is_teller": bool(roles & TELLER_ROLES), **extra}


def _assembly(community: Community, pk: int) -> Assembly:
    found = selectors.assembly_of(community, pk)
    if found is None:
        raise Http404
    return found


def _attempt(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    try:
        action()
    except VotingError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, done)
    return True


@community_view(roles=VIEW_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    form = AssemblyCreateForm(request.POST or None)
    if request.method == "POST" and request.community_roles & STAFF_ROLES and form.is_valid():  # type: ignore[attr-defined]
        data = form.cleaned_data
        try:
            # The assembly belongs to the community's re-election: its contests take that final candidate list.
            made = services.create_assembly(community=community, actor=request.user,  # type: ignore[arg-type]
                                            reelection=current_reelection(community.pk), **data)
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("voting:detail", slug=community.slug, pk=made.pk)
    return render(request, "voting/index.html", _base(request, community, form=form,
                                                      assemblies=selectors.assemblies(community)))


@community_view(roles=VIEW_ROLES)
def detail(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    # Contests are added only while the assembly is prepared: only then is the final list looked up.
    drafting = assembly.status == AssemblyStatus.DRAFT
    form = ContestForm(request.POST or None, final_list=final_list_for(assembly.reelection) if drafting else None)
    if request.method == "POST" and request.community_roles & STAFF_ROLES and form.is_valid():  # type: ignore[attr-defined]
        added = _attempt(request, lambda: _add_contest(assembly, form, request.user), _("表决事项已添加。"))
        if added:
            return redirect("voting:detail", slug=community.slug, pk=pk)
    return render(request, "voting/detail.html", _base(
        request, community, assembly=assembly, form=form, contests=assembly.contests.all(),
        needs_box=drafting and not assembly.boxes.filter(status=BoxStatus.SEALED).exists(),
        blockers=count_blockers(assembly) if assembly.status == AssemblyStatus.CLOSED else [],
        reissued=list(reissued_ballots(assembly)) if assembly.status == AssemblyStatus.CLOSED else [],
        duplicates=selectors.duplicate_ballots(assembly),
        count_rules_form=CountRulesForm(initial={"join": assembly.join, "write_in": assembly.write_in,
                                                 "basis": assembly.count_rules_basis}) if drafting else None,
        coverage=delivery_coverage(assembly) if assembly.status != AssemblyStatus.DRAFT else None))


@transaction.atomic
def _add_contest(assembly: Assembly, form: ContestForm, actor: Any) -> Contest:
    """The contest; when its names depart from the final candidate list, the confirmed departure on record."""
    data = form.cleaned_data
    contest = services.add_contest(
        assembly=assembly, spec_id=data["spec_id"], kind=data["kind"], matter=data["matter"], title=data["title"],
        seats=data["seats"], max_choices=data["max_choices"], candidates=form.candidate_list(), actor=actor)
    if form.departs_from_final_list and form.final_list is not None:
        with translation.override(settings.LANGUAGE_CODE):  # the record reads the same whoever looks
            differences = [str(d) for d in form.differences]
        audit.record("voting.contest.final_list_overridden", actor=actor, target=contest, data={
            "final_list_on": form.final_list.decided_on.isoformat(), "final_list": list(form.final_list.names),
            "candidates": contest.candidates, "differences": differences})
    return contest


@require_POST
@community_view(roles=STAFF_ROLES)
def transition(request: HttpRequest, community: Community, pk: int, action: str) -> HttpResponse:
    assembly = _assembly(community, pk)
    steps: dict[str, tuple[Callable[[], object], str]] = {
        "open": (lambda: services.open_voting(assembly=assembly, actor=request.user),  # type: ignore[arg-type]
                 _("投票已开始，业主名册已冻结。")),
        "close": (lambda: services.close_voting(assembly=assembly, actor=request.user),  # type: ignore[arg-type]
                  _("投票已结束，可以开箱计票。")),
    }
    if action not in steps:
        raise Http404
    if action == "close" and request.POST.get("confirm") != "yes":
        return _confirm(request, community, assembly, title=_("结束投票：%(title)s") % {"title": assembly.title},
                        consequences=close_consequences(assembly), label=_("确认结束投票"))
    _attempt(request, *steps[action])
    return redirect("voting:detail", slug=community.slug, pk=pk)


def _confirm(request: HttpRequest, community: Community, assembly: Assembly, *, title: str, consequences: list[str],
             label: str) -> HttpResponse:
    """The page that names what an irreversible step does; its button posts the step again, confirmed."""
    return render(request, "web/confirm.html", _base(
        request, community, assembly=assembly, confirm_title=title, consequences=consequences, confirm_label=label,
        confirm_action=request.path, confirm_fields=[],
        cancel_url=reverse("voting:detail", kwargs={"slug": community.slug, "pk": assembly.pk})))


@community_view(roles=VIEW_ROLES)
def turnout(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    return render(request, "voting/turnout.html", _base(request, community, assembly=assembly,
                                                        **turnout_context(assembly)))


@community_view(roles=VIEW_ROLES)
def boxes(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    seal = SealBoxForm(request.POST if request.POST.get("step") == "seal" else None)
    opening = OpenBoxForm(request.POST if request.POST.get("step") == "open" else None, assembly=assembly)
    if request.method == "POST":
        user = request.user
        if seal.is_bound and seal.is_valid() and _attempt(request, lambda: services.seal_box(
                assembly=assembly, actor=user, **seal.cleaned_data), _("已封箱。")):  # type: ignore[arg-type]
            return redirect("voting:boxes", slug=community.slug, pk=pk)
        if opening.is_bound and opening.is_valid() and _attempt(request, lambda: services.open_box(
                actor=user, **opening.cleaned_data), _("已开箱。")):  # type: ignore[arg-type]
            return redirect("voting:boxes", slug=community.slug, pk=pk)
    return render(request, "voting/boxes.html", _base(request, community, assembly=assembly, seal=seal,
                                                      opening=opening, late_box=may_record_late_box(assembly),
                                                      boxes=assembly.boxes.select_related("sealed_by", "opened_by")))


@community_view(roles=TELLER_ROLES)
def entry(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """A teller enters one paper ballot, without seeing what the other teller entered."""
    assembly = _assembly(community, pk)
    advice = entry_advice(assembly)
    form = TellerForm(request.POST or None, assembly=assembly, advice=advice)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reading = services.enter_paper_ballot(
                box=data["box"], serial=data["serial"], teller=request.user, valid=data["valid"],  # type: ignore[arg-type]
                invalid_reason=data["invalid_reason"], choices=form.choices())
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("表决票 %(serial)s 已录入：%(status)s") % {
                "serial": reading.paper.serial, "status": reading.get_status_display()})
            return redirect("voting:entry", slug=community.slug, pk=pk)
    return render(request, "voting/entry.html", _base(request, community, assembly=assembly, form=form,
                                                      advice=advice, readings=selectors.readings(assembly)[:50],
                                                      blockers=count_blockers(assembly)))


@community_view(roles=TELLER_ROLES)
def resolve(request: HttpRequest, community: Community, pk: int, reading: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    found = get_object_or_404(PaperReading.objects.select_related("paper"), assembly=assembly, pk=reading)
    entries = list(found.entries.select_related("teller").order_by("entered_at", "pk"))
    contests = list(assembly.contests.all())
    form = ResolveForm(request.POST or None, assembly=assembly, initial=readings.agreed(entries, contests))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(request, lambda: services.resolve_mismatch(
                reading=found, actor=request.user, valid=data["valid"], choices=form.choices(),  # type: ignore[arg-type]
                resolution=data["resolution"], invalid_reason=data["invalid_reason"]), _("已核对并记录。")):
            return redirect("voting:entry", slug=community.slug, pk=pk)
    return render(request, "voting/resolve.html", _base(request, community, assembly=assembly, form=form,
                                                        reading=found, entries=entries,
                                                        compared=readings.compare(entries, contests)))


@require_POST
@community_view(roles=TELLER_ROLES)
def count(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    # Blocked (a box still sealed, a mismatch): the count says why at once, no confirmation needed.
    if request.POST.get("confirm") != "yes" and not count_blockers(assembly):
        return _confirm(request, community, assembly, title=_("计票：%(title)s") % {"title": assembly.title},
                        consequences=count_consequences(assembly), label=_("确认计票"))
    if _attempt(request, lambda: services.count_assembly(assembly=assembly, actor=request.user),  # type: ignore[arg-type]
                _("计票完成。")):
        return redirect("voting:results", slug=community.slug, pk=pk)
    return redirect("voting:detail", slug=community.slug, pk=pk)


@community_view(roles=VIEW_ROLES)
def results(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    result = selectors.stored_result(assembly)
    if result is None:
        raise Http404
    return render(request, "voting/results.html", _base(request, community, assembly=assembly,
                                                        **results_context(assembly, result)))


@community_view(roles=VIEW_ROLES)
def tally_export(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """roster.csv, ballots.csv and election.toml of spec/tally.md, units pseudonymised, as one ZIP."""
    assembly = _assembly(community, pk)
    if assembly.status not in (AssemblyStatus.CLOSED, AssemblyStatus.COUNTED):
        raise Http404  # nobody sees how the ballots go before voting ends
    try:
        data = tally_zip(assembly, count_inputs(assembly))
    except VotingError as error:  # ballots that do not match their papers: named, not a 500
        messages.error(request, str(error))
        return redirect("voting:detail", slug=community.slug, pk=pk)
    response = HttpResponse(data, content_type="application/zip")
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    response["Content-Disposition"] = f'attachment; filename="tally-{community.slug}-{assembly.pk}-{stamp}.zip"'
    return response
