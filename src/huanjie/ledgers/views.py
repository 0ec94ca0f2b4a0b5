from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.ledgers import selectors, services
from huanjie.ledgers.errors import LedgerError
from huanjie.ledgers.export import ledger_workbook
from huanjie.ledgers.forms import (
    AnswerForm,
    AssignForm,
    CategoryForm,
    DemandForm,
    DuplicateForm,
    FollowUpForm,
    PhotoForm,
    ReopenForm,
)
from huanjie.ledgers.models import Category, Demand, DemandPhoto, FollowUp, Handler, Source, Status, Urgency
from huanjie.ledgers.selectors import LedgerFilter
from huanjie.ledgers.workflow import OPEN, allowed_targets
from huanjie.roster.models import Building, Community
from huanjie.visits.errors import VisitError
from huanjie.visits.outbox import form_errors, refused, stored, wants_json
from huanjie.visits.services import find_unit
from huanjie.web.charts import bar_chart
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _base(request: HttpRequest, community: Community) -> dict[str, object]:
    roles = request.community_roles  # type: ignore[attr-defined]
    return {"community": community, "community_nav": community_nav(community, roles, "demands")}


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@community_view(roles=STAFF_ROLES)
def ledger(request: HttpRequest, community: Community) -> HttpResponse:
    """The ledger: headline counts, filters, and one page of demands with overdue ones marked."""
    today = timezone.localdate()
    chosen = _filter(request)
    page = Paginator(selectors.ledger(community, chosen, today=today), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledgers/ledger.html", {
        **_base(request, community), "page": page, "chosen": chosen, "today": today, "open": list(OPEN),
        "counts": selectors.counts(community, today=today), "statuses": Status.choices,
        "categories": Category.objects.filter(community=community), "handlers": Handler.choices,
        "buildings": Building.objects.filter(community=community).order_by("sort_key", "name"),
        "query": query.urlencode(),
    })


def _filter(request: HttpRequest) -> LedgerFilter:
    get = request.GET
    return LedgerFilter(
        status=get.get("status", "") if get.get("status") in Status.values else "",
        category=_int(get.get("category")), building=_int(get.get("building")),
        handler=get.get("handler", "") if get.get("handler") in Handler.values else "",
        overdue=get.get("overdue") == "1", follow_up=get.get("follow_up") == "1",
        query=(get.get("q") or "").strip()[:50],
    )


@community_view(roles=STAFF_ROLES)
def export(request: HttpRequest, community: Community) -> HttpResponse:
    """The whole ledger (or the filtered part) as XLSX."""
    today = timezone.localdate()
    rows = selectors.ledger(community, _filter(request), today=today).iterator(2000)
    response = HttpResponse(ledger_workbook(community, rows, today=today),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="demands-{community.slug}-{today:%Y%m%d}.xlsx"'
    return response


@community_view(roles=STAFF_ROLES)
def summary(request: HttpRequest, community: Community) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "ledgers/summary.html", {
        **_base(request, community), "counts": selectors.counts(community, today=today),
        "charts": [
            (_("按分类"), bar_chart(selectors.by_category(community), title=_("按分类"))),
            (_("按状态"), bar_chart(selectors.by_status(community), title=_("按状态"))),
            (_("按楼栋"), bar_chart(selectors.by_building(community), title=_("按楼栋"))),
            (_("按承办单位"), bar_chart(selectors.by_handler(community), title=_("按承办单位"))),
        ],
    })


def _record(request: HttpRequest, community: Community, template: str) -> HttpResponse:
    """Shared by the desk form and the phone form: a resend with the same key is stored once."""
    today = timezone.localdate()
    if request.method != "POST":
        form = DemandForm(community=community, initial={"recorded_on": today})
        return render(request, template, {**_base(request, community), "form": form})
    form = DemandForm(request.POST, community=community)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = find_unit(community=community, code=data["unit_code"]) if data["unit_code"].strip() else None
            result = services.record_demand(
                community=community, source=Source(data["source"]), category=data["category"],
                summary=data["summary"], detail=data["detail"], unit=unit, urgency=Urgency(data["urgency"]),
                handler=data["handler"], due_on=data["due_on"], recorded_on=data["recorded_on"],
                actor=request.user, today=today, idempotency_key=data["idempotency_key"],  # type: ignore[arg-type]
            )
        except (LedgerError, VisitError) as failure:
            error = str(failure)
        else:
            done = _("第%(n)s号诉求已登记。") % {"n": result.demand.number}
            if wants_json(request):
                return stored(done, created=result.created)
            messages.success(request, done)
            return redirect("ledgers:demand", slug=community.slug, number=result.demand.number)
    else:
        error = form_errors(form)
    if wants_json(request):
        return refused(error)
    if form.is_valid():
        form.add_error(None, error)
    return render(request, template, {**_base(request, community), "form": form}, status=400)


@community_view(roles=STAFF_ROLES)
def new(request: HttpRequest, community: Community) -> HttpResponse:
    return _record(request, community, "ledgers/new.html")


@community_view(roles=STAFF_ROLES)
def quick(request: HttpRequest, community: Community) -> HttpResponse:
    """The phone page for a demand heard at the door; works through a dropped connection."""
    return _record(request, community, "ledgers/quick.html")


def _demand(community: Community, number: int) -> Demand:
    return get_object_or_404(Demand.objects.select_related("category", "unit", "duplicate_of"),
                             community=community, number=number)


@community_view(roles=STAFF_ROLES)
def demand(request: HttpRequest, community: Community, number: int) -> HttpResponse:
    item = _demand(community, number)
    today = timezone.localdate()
    return render(request, "ledgers/demand.html", {
        **_base(request, community), "demand": item, "today": today,
        "overdue": item.due_on is not None and item.due_on < today and item.status in OPEN,
        "next": allowed_targets(item.status), "events": item.events.select_related("actor"),
        "photos": item.photos.all(), "duplicates": item.duplicates.all(),
        "assign_form": AssignForm(initial={"handler": item.handler, "due_on": item.due_on}),
        "answer_form": AnswerForm(initial={"answer": item.answer}), "reopen_form": ReopenForm(),
        "duplicate_form": DuplicateForm(), "follow_up_form": FollowUpForm(), "photo_form": PhotoForm(),
        "follow_up_open": item.status == Status.CLOSED and not item.follow_up,
    })


Action = Callable[[HttpRequest, Demand, forms.Form], object]


def _act_assign(request: HttpRequest, item: Demand, form: forms.Form) -> object:
    return services.assign_demand(demand=item, handler=Handler(form.cleaned_data["handler"]),
                                  due_on=form.cleaned_data["due_on"], actor=request.user)  # type: ignore[arg-type]


def _act_answer(request: HttpRequest, item: Demand, form: forms.Form) -> object:
    return services.answer_demand(demand=item, answer=form.cleaned_data["answer"],
                                  answered_on=timezone.localdate(), actor=request.user)  # type: ignore[arg-type]


def _act_duplicate(request: HttpRequest, item: Demand, form: forms.Form) -> object:
    original = Demand.objects.filter(community_id=item.community_id, number=form.cleaned_data["original"]).first()
    if original is None:
        raise Http404
    return services.mark_duplicate(demand=item, original=original, actor=request.user,  # type: ignore[arg-type]
                                   today=timezone.localdate())


ACTIONS: dict[str, tuple[type[forms.Form] | None, Action]] = {
    "assign": (AssignForm, _act_assign),
    "start": (None, lambda r, d, f: services.start_demand(demand=d, actor=r.user)),  # type: ignore[arg-type]
    "answer": (AnswerForm, _act_answer),
    "close": (None, lambda r, d, f: services.close_demand(demand=d, closed_on=timezone.localdate(),
                                                          actor=r.user)),  # type: ignore[arg-type]
    "reopen": (ReopenForm, lambda r, d, f: services.reopen_demand(demand=d, reason=f.cleaned_data["reason"],
                                                                  actor=r.user)),  # type: ignore[arg-type]
    "duplicate": (DuplicateForm, _act_duplicate),
    "follow_up": (FollowUpForm, lambda r, d, f: services.record_follow_up(
        demand=d, result=FollowUp(f.cleaned_data["result"]), note=f.cleaned_data["note"],
        actor=r.user)),  # type: ignore[arg-type]
    "photo": (PhotoForm, lambda r, d, f: services.add_photo(demand=d, upload=f.cleaned_data["photo"],
                                                            actor=r.user)),  # type: ignore[arg-type]
}


@require_POST
@community_view(roles=STAFF_ROLES)
def act(request: HttpRequest, community: Community, number: int, action: str) -> HttpResponse:
    """One step of the workflow on one demand; refused steps come back as a message, nothing saved."""
    if action not in ACTIONS:
        raise Http404
    item = _demand(community, number)
    form_class, run = ACTIONS[action]
    form = form_class(request.POST, request.FILES) if form_class else forms.Form(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            run(request, item, form)
        except LedgerError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("第%(n)s号诉求已更新。") % {"n": item.number})
    return redirect("ledgers:demand", slug=community.slug, number=number)


@community_view(roles=STAFF_ROLES)
def photo(request: HttpRequest, community: Community, pk: int) -> FileResponse:
    item = get_object_or_404(DemandPhoto, community=community, pk=pk)
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@community_view(roles=STAFF_ROLES)
def categories(request: HttpRequest, community: Community) -> HttpResponse:
    """The editable category list: add one, stop or resume using one, or add the usual ones."""
    if request.method == "POST":
        try:
            _change_categories(request, community)
        except LedgerError as failure:
            messages.error(request, str(failure))
        return redirect("ledgers:categories", slug=community.slug)
    rows = Category.objects.filter(community=community)
    return render(request, "ledgers/categories.html", {**_base(request, community), "rows": rows,
                                                        "form": CategoryForm()})


def _change_categories(request: HttpRequest, community: Community) -> None:
    what = request.POST.get("do")
    if what == "defaults":
        services.add_default_categories(community=community, actor=request.user)  # type: ignore[arg-type]
    elif what == "toggle":
        category = get_object_or_404(Category, community=community, pk=_int(request.POST.get("pk")))
        services.set_category_active(category=category, active=not category.active,
                                     actor=request.user)  # type: ignore[arg-type]
    else:
        form = CategoryForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return
        services.add_category(community=community, name=form.cleaned_data["name"],
                              actor=request.user)  # type: ignore[arg-type]
