"""Pages of the candidates' meeting: staff run it; owners read it and ask in advance from their phone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.accounts.selectors import owner_unit_ids
from huanjie.candidates import selectors
from huanjie.candidates.meeting_forms import (
    AnswerForm,
    MeetingForm,
    MinutesForm,
    OwnerQuestionForm,
    SignInForm,
    StaffQuestionForm,
)
from huanjie.candidates.meeting_record import meeting_record_pdf
from huanjie.candidates.models import Candidate, Meeting, MeetingQuestion, QuestionSource
from huanjie.candidates.services import meeting as service
from huanjie.candidates.views import _attempt, _base, _recruitment
from huanjie.roster.models import Community, Unit
from huanjie.web.permissions import community_view


def _meeting(community: Community, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("recruitment__reelection__community", "notice"),
                             community=community, pk=pk)


def _back(community: Community, meeting: Meeting) -> HttpResponse:
    return redirect("candidates:meeting", slug=community.slug, pk=meeting.pk)


def _form_error(request: HttpRequest, form: Any) -> None:
    messages.error(request, _("未保存：%(errors)s") % {"errors": form.errors.as_text()})



@community_view(roles=STAFF_ROLES)
def meetings(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created: list[Meeting] = []
        if _attempt(request, lambda: created.append(service.schedule_meeting(
                recruitment=found, actor=request.user, **form.cleaned_data)), _("见面会已安排，请生成并发布公告。")):
            return _back(community, created[0])
    return render(request, "candidates/meetings.html", {
        **_base(request, community, "candidates"), "recruitment": found, "form": form,
        "meetings": selectors.meetings_of(found)})


@community_view(roles=STAFF_ROLES)
def meeting(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    listed = selectors.meeting_candidates(found)
    marks = {row.candidate_id: row for row in found.candidate_attendance.all()}
    return render(request, "candidates/meeting.html", {
        **_base(request, community, "candidates"), "meeting": found, "when": service.when_text(found.starts_at),
        "roll": [(c, marks.get(c.pk)) for c in listed], "candidates": listed,
        "attendees": found.attendees.select_related("unit"), "by_building": selectors.attendance_by_building(found),
        "questions": selectors.questions_of(found), "sign_in_form": SignInForm(community=community),
        "question_form": StaffQuestionForm(community=community, candidates=listed),
        "minutes_form": MinutesForm(initial={"recorder": request.user.get_full_name()}),  # type: ignore[union-attr]
    })


@require_POST
@community_view(roles=STAFF_ROLES)
def meeting_notice(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    if found.notice_id:
        return redirect("notices:detail", slug=community.slug, pk=found.notice_id)
    created: list[Any] = []
    if _attempt(request, lambda: created.append(service.draft_meeting_notice(meeting=found, actor=request.user))):
        return redirect("notices:detail", slug=community.slug, pk=created[0].pk)
    return _back(community, found)


def _listed(found: Meeting, raw: str | None) -> Candidate:
    candidate = next((c for c in selectors.meeting_candidates(found) if str(c.pk) == raw), None)
    if candidate is None:
        raise Http404
    return candidate


@require_POST
@community_view(roles=STAFF_ROLES)
def meeting_roll(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    candidate = _listed(found, request.POST.get("candidate"))
    _attempt(request, lambda: service.record_candidate_attendance(
        meeting=found, candidate=candidate, present=request.POST.get("present") == "1",
        note=request.POST.get("note", ""), actor=request.user))
    return _back(community, found)


@require_POST
@community_view(roles=STAFF_ROLES)
def meeting_sign_in(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    form = SignInForm(request.POST, community=community)
    if not form.is_valid():
        _form_error(request, form)
        return _back(community, found)
    added: list[int] = []
    if _attempt(request, lambda: added.append(service.sign_in(meeting=found, units=form.cleaned_data["codes"],
                                                                actor=request.user, at=timezone.now()))):
        messages.success(request, _("新签到 %(n)s 户；已签到过的房号不重复计。") % {"n": added[0]})
    return _back(community, found)


@require_POST
@community_view(roles=STAFF_ROLES)
def meeting_question(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    form = StaffQuestionForm(request.POST, community=community, candidates=selectors.meeting_candidates(found))
    if not form.is_valid():
        _form_error(request, form)
        return _back(community, found)
    data = form.cleaned_data
    _attempt(request, lambda: service.ask_question(
        meeting=found, text=data["text"], asker_name=data["asker_name"], unit=data["unit_code"],
        to_candidate=form.candidate(), source=data["source"], actor=request.user, now=timezone.now()),
        _("问题已记录。"))
    return _back(community, found)


@require_POST
@community_view(roles=STAFF_ROLES)
def meeting_answer(request: HttpRequest, community: Community, pk: int, question_pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    question = get_object_or_404(MeetingQuestion, meeting=found, pk=question_pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(community, found)
    candidate = _listed(found, str(form.cleaned_data["candidate"]))
    _attempt(request, lambda: service.answer_question(question=question, candidate=candidate,
                                                      text=form.cleaned_data["text"], actor=request.user))
    return _back(community, found)


@require_POST
@community_view(roles=STAFF_ROLES)
def meeting_minutes(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(community, found)
    _attempt(request, lambda: service.record_minutes(meeting=found, actor=request.user, now=timezone.now(),
                                                     **form.cleaned_data), _("会议纪要已存档。"))
    return _back(community, found)


@community_view(roles=STAFF_ROLES)
def meeting_pdf(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = _meeting(community, pk)
    response = HttpResponse(meeting_record_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.pdf"'
    return response


# ---- owners ---------------------------------------------------------------------------------------


def _owner_unit(request: HttpRequest, community: Community) -> Unit | None:
    return (Unit.objects.filter(community=community, pk__in=owner_unit_ids(request.user, community))
            .prefetch_related("owners").first())


@community_view(roles=[Role.OWNER])
def owner_meeting(request: HttpRequest, community: Community) -> HttpResponse:
    """The meeting on the owner's phone: when and where, and a question to send in before it starts."""
    found = selectors.owners_meeting(community)
    if found is None:
        return render(request, "candidates/owner_meeting.html", {
            **_base(request, community, "candidates_mine"), "meeting": None})
    listed = selectors.meeting_candidates(found)
    form = OwnerQuestionForm(request.POST or None, candidates=listed)
    if request.method == "POST" and form.is_valid():
        unit = _owner_unit(request, community)
        name = "、".join(o.name for o in unit.owners.all()) if unit else ""
        if _attempt(request, lambda: service.ask_question(
                meeting=found, text=form.cleaned_data["text"], asker_name=name, unit=unit,
                to_candidate=form.candidate(), source=QuestionSource.ADVANCE_ONLINE, actor=request.user,
                now=timezone.now()), _("问题已提交，将在见面会上请候选人回答。")):
            return redirect("candidates:owner_meeting", slug=community.slug)
    return render(request, "candidates/owner_meeting.html", {
        **_base(request, community, "candidates_mine"), "meeting": found, "when": service.when_text(found.starts_at),
        "candidates": listed, "form": form, "open": timezone.now() < found.starts_at and not found.is_held,
        "mine": selectors.questions_of(found).filter(asked_by_id=request.user.pk)})
