from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.reelection.models import Reelection
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community
from huanjie.training import services
from huanjie.training.errors import TrainingError
from huanjie.training.forms import AttendanceForm, CourseForm, MaterialForm, SessionForm, TraineeForm
from huanjie.training.models import Course, Material, Position, Session, Topic, Trainee
from huanjie.training.selectors import training_records
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _reelection(community: Community) -> Reelection:
    reelection = current_reelection(community.pk)
    if reelection is None:
        raise Http404
    return reelection


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = current_reelection(community.pk)
    courses = Course.objects.filter(reelection=reelection).prefetch_related("materials", "sessions")
    records = training_records(reelection) if reelection else []
    trainees = Trainee.objects.filter(reelection=reelection)
    sessions = (Session.objects.filter(course__reelection=reelection).select_related("course")
                .prefetch_related("attendance"))
    return render(request, "training/index.html", {
        "community": community, "reelection": reelection, "courses": courses, "records": records,
        "complete": sum(1 for r in records if r.complete), "today": timezone.localdate(),
        "sessions": [(s, AttendanceForm(trainees=trainees, initial={"present": [
            a.trainee_id for a in s.attendance.all() if a.present]}, prefix=f"s{s.pk}")) for s in sessions],
        # Several forms on one page: each has ids of its own, so that every label names its own field.
        "trainee_form": TraineeForm(auto_id="id_trainee_%s"), "course_form": CourseForm(auto_id="id_course_%s"),
        "session_form": SessionForm(courses=courses, auto_id="id_session_%s"),
        "material_form": MaterialForm(courses=courses, auto_id="id_material_%s"),
        "community_nav": community_nav(community, request.community_roles, "training"),  # type: ignore[attr-defined]
    })


Action = Callable[[Reelection, dict[str, object], HttpRequest], str]


@require_POST
@community_view(roles=STAFF_ROLES)
def act(request: HttpRequest, community: Community, action: str) -> HttpResponse:
    reelection = _reelection(community)
    courses = Course.objects.filter(reelection=reelection)
    handlers: dict[str, tuple[Callable[[], forms.Form] | None, Action]] = {
        "trainee": (lambda: TraineeForm(request.POST), _trainee),
        "course": (lambda: CourseForm(request.POST), _course),
        "standard": (None, _standard),
        "session": (lambda: SessionForm(request.POST, courses=courses), _session),
        "material": (lambda: MaterialForm(request.POST, request.FILES, courses=courses), _material),
    }
    if action not in handlers:
        raise Http404
    make_form, handler = handlers[action]
    form = make_form() if make_form else None
    if form is not None and not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            messages.success(request, handler(reelection, form.cleaned_data if form else {}, request))
        except TrainingError as failure:
            messages.error(request, str(failure))
    return redirect("training:index", slug=community.slug)


def _trainee(reelection: Reelection, data: dict[str, object], request: HttpRequest) -> str:
    services.add_trainee(reelection=reelection, name=str(data["name"]), position=Position(data["position"]),
                         actor=request.user)  # type: ignore[arg-type]
    return _("已加入新一届委员名单。")


def _course(reelection: Reelection, data: dict[str, object], request: HttpRequest) -> str:
    services.add_course(reelection=reelection, topic=Topic(data["topic"]), title=str(data["title"]),
                        required=bool(data["required"]), actor=request.user)  # type: ignore[arg-type]
    return _("课程已增加。")


def _standard(reelection: Reelection, data: dict[str, object], request: HttpRequest) -> str:
    made = services.add_standard_courses(reelection=reelection, actor=request.user)  # type: ignore[arg-type]
    return _("已增加 %(n)s 门常规课程。") % {"n": len(made)}


def _session(reelection: Reelection, data: dict[str, object], request: HttpRequest) -> str:
    services.schedule_session(course=data["course"], held_on=data["held_on"], place=str(data["place"]),  # type: ignore[arg-type]
                              trainer=str(data["trainer"]), actor=request.user)  # type: ignore[arg-type]
    return _("培训已排期。")


def _material(reelection: Reelection, data: dict[str, object], request: HttpRequest) -> str:
    services.add_material(course=data["course"], title=str(data["title"]), upload=data["file"],  # type: ignore[arg-type]
                          actor=request.user)  # type: ignore[arg-type]
    return _("资料已上传。")


@require_POST
@community_view(roles=STAFF_ROLES)
def attendance(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), community=community, pk=pk)
    trainees = Trainee.objects.filter(reelection_id=session.course.reelection_id)
    form = AttendanceForm(request.POST, trainees=trainees, prefix=f"s{session.pk}")
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.record_attendance(session=session, present=form.cleaned_data["present"],
                                       actor=request.user, today=timezone.localdate())  # type: ignore[arg-type]
        except TrainingError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("出勤已登记。"))
    return redirect("training:index", slug=community.slug)


@community_view(roles=STAFF_ROLES)
def material(request: HttpRequest, community: Community, pk: int) -> FileResponse:
    item = get_object_or_404(Material, community=community, pk=pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=not item.content_type.startswith(("image/", "application/pdf")),
                            filename=f"{item.title}.{item.file.name.rsplit('.', 1)[-1]}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
