from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.accounts.selectors import owner_unit_ids
from huanjie.candidates import score_pdf, selectors
from huanjie.candidates.errors import CandidateError
from huanjie.candidates.forms import (
    AllMetForm,
    CheckForm,
    CriterionForm,
    PanelistForm,
    PaperNominationForm,
    ReasonForm,
    ScheduleForm,
    ScoreForm,
    SelfNominationForm,
    SettingsForm,
    UncontestedForm,
    condition_choices,
)
from huanjie.candidates.models import (
    Affiliation,
    Assignment,
    Candidate,
    CandidateStatus,
    Criterion,
    EligibilityCheck,
    NominationMethod,
    Panelist,
    Recruitment,
    SourceChannel,
)
from huanjie.candidates.services import eligibility, nominations, panel, recruitment, slate
from huanjie.notices.errors import NoticeError
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community, Owner, Unit
from huanjie.rules.committee import slate_decision_needed
from huanjie.rules.panel import format_score
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _base(request: HttpRequest, community: Community, active: str) -> dict[str, Any]:
    roles = request.community_roles  # type: ignore[attr-defined]
    return {"community": community, "community_nav": community_nav(community, roles, active)}


def _recruitment(community: Community) -> Recruitment:
    found = selectors.recruitment_for(community)
    if found is None:
        raise Http404
    return found


def _candidate(community: Community, pk: int) -> Candidate:
    return get_object_or_404(Candidate.objects.select_related("recruitment", "nomination__owner",
                                                              "nomination__unit__building"),
                             community=community, pk=pk)


def _attempt(request: HttpRequest, action: Any, success: str = "") -> bool:
    """Run a service; show its translated error instead of a half-done change."""
    try:
        action()
    except (CandidateError, NoticeError) as error:
        messages.error(request, str(error))
        return False
    if success:
        messages.success(request, success)
    return True


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    found = selectors.recruitment_for(community)
    context = {**_base(request, community, "candidates"), "recruitment": found,
               "reelection": current_reelection(community.pk)}
    if found is not None:
        counts, shortfalls = selectors.slate_shortfalls(found)
        gaps = [{"label": selectors.TARGET_LABELS.get(g.key, g.key), "have": g.have, "need": g.need}
                for g in shortfalls]
        context.update({
            "candidates": selectors.candidates_of(found), "slate_counts": counts, "slate_gaps": gaps,
            "collecting": selectors.open_joint_nominations(community),
            "deadline": nominations.nomination_deadline(found),
            "panel_gaps": selectors.panel_shortfalls(found), "settings_form": SettingsForm(instance=found),
            "uncontested_form": UncontestedForm(), "slate_decided": not slate_decision_needed(
                counts["seats"], found.seats, decided_for=found.uncontested_for),
            "statuses": CandidateStatus,
        })
    return render(request, "candidates/index.html", context)


@require_POST
@community_view(roles=STAFF_ROLES)
def start(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = current_reelection(community.pk)
    if reelection is None:
        raise Http404
    _attempt(request, lambda: recruitment.start_recruitment(reelection=reelection, actor=request.user))
    return redirect("candidates:index", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def update_settings(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    form = SettingsForm(request.POST, instance=Recruitment.objects.get(pk=found.pk))
    if form.is_valid():
        recruitment.update_settings(recruitment=found, values=form.values(), actor=request.user)
        messages.success(request, _("设置已保存。"))
    else:
        messages.error(request, _("设置未保存：%(errors)s") % {"errors": form.errors.as_text()})
    return redirect("candidates:index", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def call_notice(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    if found.call_notice_id:
        return redirect("notices:detail", slug=community.slug, pk=found.call_notice_id)
    notice = recruitment.draft_call_notice(recruitment=found, actor=request.user)
    return redirect("notices:detail", slug=community.slug, pk=notice.pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def candidate_notice(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    if found.candidate_notice is not None and not found.candidate_notice.is_withdrawn:
        return redirect("notices:detail", slug=community.slug, pk=found.candidate_notice.pk)
    created: list[Any] = []
    if _attempt(request, lambda: created.append(slate.draft_candidate_notice(recruitment=found, actor=request.user))):
        return redirect("notices:detail", slug=community.slug, pk=created[0].pk)
    return redirect("candidates:index", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def uncontested(request: HttpRequest, community: Community) -> HttpResponse:
    """差额 or not: the working group's decision, with its reason, for the present number of candidates."""
    found = _recruitment(community)
    form = UncontestedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("决定未保存：%(errors)s") % {"errors": form.errors.as_text()})
    else:
        _attempt(request, lambda: slate.decide_uncontested(recruitment=found, reason=form.cleaned_data["reason"],
                                                           actor=request.user),
                 _("决定已记录，将印在候选人名单公示和召开业主大会公告上。"))
    return redirect("candidates:index", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def final_list(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    _attempt(request, lambda: slate.publish_final_list(recruitment=found, actor=request.user,
                                                        today=timezone.localdate()),
             _("正式候选人名单已确定，可用于业主大会选举。"))
    return redirect("candidates:index", slug=community.slug)


@community_view(roles=STAFF_ROLES)
def nominate(request: HttpRequest, community: Community) -> HttpResponse:
    """Staff enter a paper nomination form (or a residents' committee recommendation)."""
    found = _recruitment(community)
    form = PaperNominationForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[Any] = []
        if _attempt(request, lambda: created.append(nominations.nominate(
                recruitment=found, owner=data["owner"], unit=data["unit"], method=data["method"],
                channel=data["channel"], profile=form.profile(), consent=data["consent"], actor=request.user,
                supporters=data["supporter_units"])), _("提名已登记。")):
            return redirect("candidates:detail", slug=community.slug, pk=created[0].candidate.pk)
    return render(request, "candidates/nominate.html", {**_base(request, community, "candidates"), "form": form})


@community_view(roles=STAFF_ROLES)
def detail(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    candidate = _candidate(community, pk)
    found = candidate.recruitment
    checks = {c.condition: c for c in candidate.checks.select_related("confirmed_by")}
    rows = [(key, label, checks.get(key)) for key, label in condition_choices(found)]
    result = selectors.panel_result(candidate)
    return render(request, "candidates/detail.html", {
        **_base(request, community, "candidates"), "candidate": candidate, "nomination": candidate.nomination,
        "check_rows": rows, "check_form": CheckForm(recruitment=found), "verdict": eligibility.verdict_of(candidate),
        "all_met_form": AllMetForm(),
        "arrears": eligibility.arrears_of(candidate), "schedule_form": ScheduleForm(),
        "assignments": candidate.assignments.select_related("panelist__user"),
        "unassigned": Panelist.objects.filter(recruitment=found).exclude(assignments__candidate=candidate),
        "result": result, "reason_form": ReasonForm(auto_id="id_decide_%s"),
        "withdraw_form": ReasonForm(auto_id="id_withdraw_%s"), "statuses": CandidateStatus,
    })


@require_POST
@community_view(roles=STAFF_ROLES)
def check(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    candidate = _candidate(community, pk)
    form = CheckForm(request.POST, request.FILES, recruitment=candidate.recruitment)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(request, lambda: eligibility.record_check(
            candidate=candidate, condition=data["condition"], met=data["met"], evidence=data["evidence"],
            reason=data["reason"], evidence_file=data["evidence_file"], actor=request.user), _("已记录。"))
    else:
        messages.error(request, _("未记录：%(errors)s") % {"errors": form.errors.as_text()})
    return redirect("candidates:detail", slug=community.slug, pk=pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def check_all(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """Every condition still to be confirmed, confirmed as met in one submission (each recorded on its own)."""
    candidate = _candidate(community, pk)
    form = AllMetForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(request, lambda: eligibility.record_all_met(
            candidate=candidate, evidence=data["evidence"], evidence_file=data["evidence_file"], actor=request.user),
            _("已逐项记录。"))
    else:
        messages.error(request, _("未记录：%(errors)s") % {"errors": form.errors.as_text()})
    return redirect("candidates:detail", slug=community.slug, pk=pk)


@community_view(roles=STAFF_ROLES)
def check_file(request: HttpRequest, community: Community, pk: int, check_pk: int) -> FileResponse:
    row = get_object_or_404(EligibilityCheck, community=community, candidate_id=pk, pk=check_pk)
    if not row.evidence_file:
        raise Http404
    return FileResponse(row.evidence_file.open("rb"), as_attachment=True)


@require_POST
@community_view(roles=STAFF_ROLES)
def schedule(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    candidate = _candidate(community, pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: panel.schedule_interview(candidate=candidate, at=form.cleaned_data["at"],
                                                           place=form.cleaned_data["place"], actor=request.user))
    else:
        messages.error(request, _("未保存：%(errors)s") % {"errors": form.errors.as_text()})
    return redirect("candidates:detail", slug=community.slug, pk=pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def assign(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    candidate = _candidate(community, pk)
    chosen = Panelist.objects.filter(recruitment=candidate.recruitment, pk__in=request.POST.getlist("panelist"))
    _attempt(request, lambda: panel.assign_panel(candidate=candidate, panelists=list(chosen), actor=request.user))
    return redirect("candidates:detail", slug=community.slug, pk=pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def decide(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    candidate = _candidate(community, pk)
    reason = request.POST.get("reason", "")
    action = request.POST.get("action")
    if action == "withdraw":
        _attempt(request, lambda: slate.withdraw_candidate(candidate=candidate, reason=reason, actor=request.user))
    elif action in {"shortlist", "exclude"}:
        _attempt(request, lambda: slate.decide_shortlist(candidate=candidate, shortlist=action == "shortlist",
                                                          reason=reason, actor=request.user))
    else:
        raise Http404
    return redirect("candidates:detail", slug=community.slug, pk=pk)


@community_view(roles=STAFF_ROLES)
def score_sheets(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """The printable score sheets of one candidate, once the whole panel has scored."""
    candidate = _candidate(community, pk)
    result = selectors.panel_result(candidate)
    if result is None or not result.complete:
        raise Http404
    criteria = list(Criterion.objects.filter(recruitment=candidate.recruitment))
    sheets = [(sheet, format_score(score), [next((s.points for s in sheet.scores.all() if s.criterion_id == c.pk), "")
                              for c in criteria]) for sheet, score in result.sheets]
    return render(request, "candidates/score_sheets.html", {
        **_base(request, community, "candidates"), "candidate": candidate, "result": result, "criteria": criteria,
        "sheets": sheets})


@community_view(roles=STAFF_ROLES)
def score_sheets_pdf(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    candidate = _candidate(community, pk)
    result = selectors.panel_result(candidate)
    if result is None or not result.complete:
        raise Http404
    response = HttpResponse(score_pdf.score_sheets_pdf(candidate, result), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="score-sheets-{candidate.pk}.pdf"'
    return response


@community_view(roles=STAFF_ROLES)
def panel_page(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    panelist_form = PanelistForm(request.POST or None, recruitment=found, prefix="p")
    criterion_form = CriterionForm(request.POST or None, prefix="c")
    if request.method == "POST":
        if "p-user" in request.POST and panelist_form.is_valid():
            _attempt(request, lambda: panel.add_panelist(recruitment=found, actor=request.user,
                                                         user=panelist_form.cleaned_data["user"],
                                                         affiliation=panelist_form.cleaned_data["affiliation"]))
        elif "c-name" in request.POST and criterion_form.is_valid():
            data = criterion_form.cleaned_data
            _attempt(request, lambda: panel.add_criterion(recruitment=found, name=data["name"], actor=request.user,
                                                          max_points=data["max_points"], weight=data["weight"]))
        else:
            messages.error(request, _("未保存，请检查填写内容。"))
        return redirect("candidates:panel", slug=community.slug)
    return render(request, "candidates/panel.html", {
        **_base(request, community, "candidates"), "recruitment": found,
        "panelists": Panelist.objects.filter(recruitment=found).select_related("user"),
        "criteria": Criterion.objects.filter(recruitment=found), "gaps": selectors.panel_shortfalls(found),
        "affiliations": dict(Affiliation.choices), "panelist_form": panelist_form, "criterion_form": criterion_form,
    })


@require_POST
@community_view(roles=STAFF_ROLES)
def import_arrears(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择欠费名单文件（CSV：房号,欠费金额,说明）。"))
    else:
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            messages.error(request, _("文件不是 UTF-8 编码的 CSV，请在表格软件中另存为“CSV UTF-8”。"))
        else:
            _attempt(request, lambda: nominations.import_arrears(recruitment=found, text=text, actor=request.user),
                     _("欠费名单已导入。"))
    return redirect("candidates:index", slug=community.slug)


# ---- panelists ------------------------------------------------------------------------------------


@community_view(roles=[Role.PANELIST])
def panel_home(request: HttpRequest, community: Community) -> HttpResponse:
    """A panelist's own list: only the candidates assigned to them."""
    return render(request, "candidates/panel_home.html", {
        **_base(request, community, "panel_home"), "assignments": selectors.assignments_for(request.user, community)})


@community_view(roles=[Role.PANELIST])
def score(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assignment = get_object_or_404(selectors.assignments_for(request.user, community), pk=pk)
    candidate = assignment.candidate
    criteria = list(Criterion.objects.filter(recruitment_id=candidate.recruitment_id))
    form = ScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if request.POST.get("action") == "conflict":
            _attempt(request, lambda: panel.declare_conflict(assignment=assignment, actor=request.user,
                                                             note=request.POST.get("note", "")),
                     _("已申报利益冲突，您不为这位候选人评分。"))
            return redirect("candidates:score", slug=community.slug, pk=pk)
        if form.is_valid() and _attempt(request, lambda: panel.submit_scores(
                assignment=assignment, points=form.points(), comment=form.cleaned_data["comment"],
                actor=request.user), _("评分已提交。")):
            return redirect("candidates:score", slug=community.slug, pk=pk)
    assignment = Assignment.objects.select_related("candidate__nomination__owner").get(pk=assignment.pk)
    own = getattr(assignment, "sheet", None)
    return render(request, "candidates/score.html", {
        **_base(request, community, "panel_home"), "assignment": assignment, "candidate": candidate,
        "nomination": candidate.nomination, "form": form, "own_sheet": own,
        "own_points": [(s.criterion.name, s.points, s.criterion.max_points)
                       for s in own.scores.select_related("criterion")] if own else [],
        "others": [(sheet, format_score(total)) for sheet, total in selectors.others_sheets(assignment) or []],
        "result": selectors.panel_result(candidate),
    })


# ---- owners ---------------------------------------------------------------------------------------


def _owner_units(request: HttpRequest, community: Community) -> list[Unit]:
    return list(Unit.objects.filter(community=community, pk__in=owner_unit_ids(request.user, community))
                .prefetch_related("owners"))


@community_view(roles=[Role.OWNER])
def mine(request: HttpRequest, community: Community) -> HttpResponse:
    """The owner's own nominations with their status and every reason, as the candidate is told."""
    found = selectors.recruitment_for(community)
    deadline = nominations.nomination_deadline(found) if found else None
    return render(request, "candidates/mine.html", {
        **_base(request, community, "candidates_mine"), "recruitment": found, "deadline": deadline,
        "closed": deadline is not None and timezone.localdate() > deadline,
        "nominations": selectors.nominations_of_owner(request.user, community),
        "joint_open": selectors.open_joint_nominations(community).count()})


@community_view(roles=[Role.OWNER])
def self_nominate(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    units = _owner_units(request, community)
    form = SelfNominationForm(request.POST or None, units=units, joint_minimum=found.joint_minimum)
    if request.method == "POST" and form.is_valid():
        unit_id, owner_id = form.chosen()
        unit = next(u for u in units if u.pk == unit_id)
        owner = get_object_or_404(Owner, community=community, pk=owner_id)
        if form.cleaned_data["how"] == NominationMethod.JOINT:
            done = _attempt(request, lambda: nominations.start_joint_nomination(
                recruitment=found, owner=owner, unit=unit, profile=form.profile(), actor=request.user,
                consent=form.cleaned_data["consent"], today=timezone.localdate()),
                _("联名推荐已发起。请邻居们登录后在“报名参选—业主联名推荐”中联名，满 %(n)s 户即报名成功。")
                % {"n": found.joint_minimum})
        else:
            done = _attempt(request, lambda: nominations.nominate(
                recruitment=found, owner=owner, unit=unit, method=NominationMethod.SELF,
                channel=SourceChannel.ONLINE, profile=form.profile(), consent=form.cleaned_data["consent"],
                actor=request.user, today=timezone.localdate()),
                _("报名已提交，换届改选小组将进行资格审查，结果会在本页告知您。"))
        if done:
            return redirect("candidates:mine", slug=community.slug)
    return render(request, "candidates/self_nominate.html", {
        **_base(request, community, "candidates_mine"), "form": form, "recruitment": found,
        "deadline": nominations.nomination_deadline(found)})
