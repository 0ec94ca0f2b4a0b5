from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.accounts.selectors import owner_unit_ids
from huanjie.notices import drafts, selectors, services
from huanjie.notices.errors import NoticeError, NoticeHolidaysNotVerified
from huanjie.notices.forms import (
    ASSEMBLY_FORMS,
    DecisionForm,
    ElectionNoticeForm,
    NoticeForm,
    NoticeTextForm,
    ObjectionForm,
    PostingForm,
    RosterNoticeForm,
    StaffObjectionForm,
    WithdrawForm,
)
from huanjie.notices.models import Notice, NoticeKind, NoticeStatus, Objection, Posting
from huanjie.notices.pdf import Layout, group_message, period_line, render_notice_pdf
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community, Unit
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _nav(request: HttpRequest, community: Community) -> list[object]:
    return list(community_nav(community, request.community_roles, "notices"))  # type: ignore[attr-defined]


def public_url(request: HttpRequest, notice: Notice) -> str:
    return request.build_absolute_uri(reverse("public_notice:detail", args=[notice.public_token]))


def _notice(community: Community, pk: int) -> Notice:
    return get_object_or_404(Notice, community=community, pk=pk)


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    form = NoticeForm(request.POST or None, initial={"issuer": _("%(name)s业主委员会换届改选小组") % {
        "name": community.name}})
    if request.method == "POST" and form.is_valid():
        notice = services.create_notice(
            community=community, reelection=current_reelection(community.pk), actor=request.user,
            **{k: form.cleaned_data[k] for k in ("kind", "title", "body", "issuer", "period_days", "event_on")})
        return redirect("notices:detail", slug=community.slug, pk=notice.pk)
    reelection = current_reelection(community.pk)
    return render(request, "notices/index.html", {
        "community": community, "community_nav": _nav(request, community),
        "notices": selectors.community_notices(community), "form": form, "reelection": reelection,
        "roster_form": RosterNoticeForm(auto_id="id_roster_%s", initial={
            "rules_text": drafts.default_rules_text(drafts.seats_of(reelection),
                                                   online=drafts.online_voting_adopted(community.pk)),
            "event_on": reelection.assembly_date}) if reelection else None,
        "election_form": ElectionNoticeForm(initial=drafts.election_initial(reelection),
                                            auto_id="id_election_%s") if reelection else None,
        "assembly_forms": [label for label, _label in ASSEMBLY_FORMS],
    })


def _period_if_published_today(notice: Notice) -> dict[str, object]:
    """A draft's period as it would run if published today, or the year the holiday calendar lacks."""
    if notice.status != NoticeStatus.DRAFT or not notice.has_period:
        return {}
    try:
        return {"draft_end": services.notice_period_end(timezone.localdate(), notice.period_days)}
    except NoticeHolidaysNotVerified as missing:
        return {"draft_unverified_year": missing.params["year"]}


@community_view(roles=STAFF_ROLES)
def detail(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    notice = _notice(community, pk)
    url = public_url(request, notice)
    return render(request, "notices/detail.html", {**_period_if_published_today(notice),
        "community": community, "community_nav": _nav(request, community), "notice": notice,
        "text_form": NoticeTextForm(instance=notice) if notice.status == NoticeStatus.DRAFT else None,
        "missing": services.missing_fields(notice), "period": period_line(notice),
        "postings": notice.postings.select_related("posted_by"),
        # Several forms on one page: each has ids of its own, so that every label names its own field.
        "objections": [(o, DecisionForm(auto_id=f"id_decision{o.pk}_%s"))
                       for o in notice.objections.select_related("objector_unit", "answered_by")],
        "posting_form": PostingForm(auto_id="id_posting_%s"),
        "objection_form": StaffObjectionForm(notice=notice, community=community, auto_id="id_objection_%s"),
        "withdraw_form": WithdrawForm(auto_id="id_withdraw_%s"), "public_url": url,
        "group_message": group_message(notice, public_url=url, community_name=community.name),
    })


def _back(community: Community, notice: Notice) -> HttpResponse:
    return redirect("notices:detail", slug=community.slug, pk=notice.pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def edit(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    notice = _notice(community, pk)
    form = NoticeTextForm(request.POST, instance=Notice.objects.get(pk=notice.pk))
    if not form.is_valid():
        messages.error(request, _("修改未保存：%(errors)s") % {"errors": form.errors.as_text()})
        return _back(community, notice)
    try:
        services.edit_notice(notice=notice, actor=request.user, **{
            k: form.cleaned_data[k] for k in ("title", "body", "issuer", "period_days", "event_on")})
    except NoticeError as error:
        messages.error(request, str(error))
    return _back(community, notice)


@require_POST
@community_view(roles=STAFF_ROLES)
def publish(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """Publishing fixes the text and puts it before everyone: a page names that first (confirm=yes to go on)."""
    notice = _notice(community, pk)
    if request.POST.get("confirm") != "yes" and notice.status == NoticeStatus.DRAFT:
        return render(request, "web/confirm.html", {
            "community": community, "community_nav": _nav(request, community),
            "confirm_title": _("发布：%(title)s") % {"title": notice.title},
            "consequences": publish_consequences(notice), "confirm_label": _("确认发布"),
            "confirm_action": request.path, "confirm_fields": [],
            "cancel_url": reverse("notices:detail", kwargs={"slug": community.slug, "pk": notice.pk})})
    try:
        services.publish_notice(notice=notice, actor=request.user, today=timezone.localdate())
    except NoticeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已发布。请打印张贴，并在下方登记张贴位置和照片。"))
    return _back(community, notice)


def publish_consequences(notice: Notice) -> list[str]:
    lines = [_("发布后正文、落款和公示期即固定，内容的 SHA-256 记入留痕记录，不能再修改；发现错误只能撤回并另发，"
               "撤回也会在网上公示页注明。"),
             _("网上公示页立即对所有人公开，请随后打印张贴并登记张贴位置和照片。")]
    if notice.has_period:
        lines.append(_("公示期 %(days)s 天，自发布次日起算；公示期内业主可以提出异议。") % {"days": notice.period_days})
    if notice.kind in (NoticeKind.PRELIMINARY_RESULTS, NoticeKind.FINAL_RESULTS):
        lines.append(_("这是选举结果：发布即向全体业主公布计票结果和当选名单。"))
    return [str(line) for line in lines]


@require_POST
@community_view(roles=STAFF_ROLES)
def withdraw(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    notice = _notice(community, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未撤回：%(errors)s") % {"errors": form.errors.as_text()})
        return _back(community, notice)
    try:
        services.withdraw_notice(notice=notice, reason=form.cleaned_data["reason"], actor=request.user)
    except NoticeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已撤回。网上公示页会注明撤回和理由；请同时揭下张贴的纸质公告。"))
    return _back(community, notice)


def _pdf_response(request: HttpRequest, notice: Notice) -> HttpResponse:
    try:
        layout = Layout(request.GET.get("layout") or Layout.BULLETIN)
    except ValueError:
        raise Http404 from None
    data = render_notice_pdf(notice, layout=layout, public_url=public_url(request, notice))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}-{layout.value}.pdf"'
    return response


@community_view(roles=STAFF_ROLES)
def pdf(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    return _pdf_response(request, _notice(community, pk))


@require_POST
@community_view(roles=STAFF_ROLES)
def posting(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    notice = _notice(community, pk)
    form = PostingForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("张贴记录未保存：%(errors)s") % {"errors": form.errors.as_text()})
        return _back(community, notice)
    try:
        services.record_posting(notice=notice, actor=request.user, photo=form.cleaned_data["photo"],
                                channel=form.cleaned_data["channel"], location=form.cleaned_data["location"],
                                posted_at=form.cleaned_data["posted_at"])
    except NoticeError as error:
        messages.error(request, str(error))
    return _back(community, notice)


@community_view(roles=STAFF_ROLES)
def posting_photo(request: HttpRequest, community: Community, pk: int, posting_pk: int) -> FileResponse:
    row = get_object_or_404(Posting, community=community, notice_id=pk, pk=posting_pk)
    if not row.photo:
        raise Http404
    return FileResponse(row.photo.open("rb"), as_attachment=False)


@community_view(roles=STAFF_ROLES)
def objection_evidence(request: HttpRequest, community: Community, pk: int, objection_pk: int) -> FileResponse:
    row = get_object_or_404(Objection, community=community, notice_id=pk, pk=objection_pk)
    if not row.evidence:
        raise Http404
    return FileResponse(row.evidence.open("rb"), as_attachment=True)


def resolve_subject(notice: Notice, value: str) -> models.Model | None:
    """The thing an objection is about, from one of the notice's listed subjects ("app.model:id")."""
    if not value:
        return None
    type_key, _sep, raw_id = value.rpartition(":")
    app_label, _dot, model = type_key.partition(".")
    content_type = ContentType.objects.get_by_natural_key(app_label, model)
    subject = content_type.get_object_for_this_type(pk=int(raw_id))
    if getattr(subject, "community_id", None) != notice.community_id:
        raise Http404
    return subject


def _raise(request: HttpRequest, notice: Notice, form: ObjectionForm, *, name: str, unit: Unit | None) -> bool:
    try:
        services.raise_objection(
            notice=notice, text=form.cleaned_data["text"], objector_name=name, objector_unit=unit,
            actor=request.user, today=timezone.localdate(), evidence=form.cleaned_data["evidence"],
            subject=resolve_subject(notice, form.cleaned_data.get("subject") or ""),
            subject_label=form.subject_label())
    except NoticeError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, _("异议已登记，处理结果会答复异议人。"))
    return True


@require_POST
@community_view(roles=STAFF_ROLES)
def record_objection(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    notice = _notice(community, pk)
    form = StaffObjectionForm(request.POST, request.FILES, notice=notice, community=community)
    if form.is_valid():
        _raise(request, notice, form, name=form.cleaned_data["objector_name"], unit=form.cleaned_data["unit_code"])
    else:
        messages.error(request, _("异议未登记：%(errors)s") % {"errors": form.errors.as_text()})
    return _back(community, notice)


@require_POST
@community_view(roles=STAFF_ROLES)
def decide(request: HttpRequest, community: Community, pk: int, objection_pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection, community=community, notice_id=pk, pk=objection_pk)
    action = request.POST.get("action")
    try:
        if action == "investigate":
            services.start_investigation(objection=objection, actor=request.user)
        elif action in {"uphold", "dismiss"}:
            services.decide_objection(objection=objection, upheld=action == "uphold",
                                      reason=request.POST.get("reason", ""), actor=request.user)
        else:
            raise Http404
    except NoticeError as error:
        messages.error(request, str(error))
    return _back(community, objection.notice)


@community_view(roles=[Role.OWNER])
def owner_index(request: HttpRequest, community: Community) -> HttpResponse:
    return render(request, "notices/owner_index.html", {
        "community": community, "notices": selectors.published_notices(community),
        "my_objections": selectors.objections_by(community, request.user.pk),
    })


@community_view(roles=[Role.OWNER])
def owner_detail(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, community=community, pk=pk, status__in=selectors.PUBLIC_STATES)
    form = ObjectionForm(request.POST or None, request.FILES or None, notice=notice)
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.filter(pk__in=owner_unit_ids(request.user, community)).prefetch_related("owners").first()
        owner_names = "、".join(o.name for o in unit.owners.all()) if unit else ""
        if _raise(request, notice, form, name=owner_names or str(unit or ""), unit=unit):
            return redirect("notices:owner_index", slug=community.slug)
    today = timezone.localdate()
    return render(request, "notices/owner_detail.html", {
        "community": community, "notice": notice, "form": form, "period": period_line(notice),
        "open": notice.is_published and notice.has_period
        and notice.published_on <= today <= notice.period_ends_on,  # type: ignore[operator]
    })


def public_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The public web copy: no login, masked data only (the text was masked when it was written)."""
    try:
        notice = selectors.public_notice(token)
    except Notice.DoesNotExist:
        raise Http404 from None
    return render(request, "notices/public.html", {
        "notice": notice, "period": period_line(notice), "public_community": notice.community,
        "objection_count": notice.objections.count(),
    })


def public_pdf(request: HttpRequest, token: str) -> HttpResponse:
    try:
        notice = selectors.public_notice(token)
    except Notice.DoesNotExist:
        raise Http404 from None
    return _pdf_response(request, notice)
