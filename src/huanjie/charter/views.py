"""议事规则与管理规约: staff record the versions the owners adopted; owners read the ones in force."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.charter import services
from huanjie.charter.errors import CharterError
from huanjie.charter.forms import DocumentForm
from huanjie.charter.models import CharterDocument
from huanjie.charter.selectors import current_versions, documents
from huanjie.roster.models import Community
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _base(request: HttpRequest, community: Community, active: str) -> dict[str, object]:
    return {"community": community,
            "community_nav": community_nav(community, request.community_roles, active)}  # type: ignore[attr-defined]


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    """Every version on record, which is in force, and the form to record a new one (POST)."""
    form = DocumentForm(request.POST or None, request.FILES or None, community=community)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_document(
                    community=community, kind=data["kind"], version=data["version"], adopted_on=data["adopted_on"],
                    adopted_by=data["adopted_by"], assembly=data["assembly"], upload=data["file"],
                    actor=request.user,  # type: ignore[arg-type]
                    settings=services.Settings(
                        online_voting=data["online_voting"], online_voting_decision=data["online_voting_decision"],
                        join=data["join"], write_in=data["write_in"], small_committee=data["small_committee"]))
            except CharterError as failure:
                messages.error(request, str(failure))
            else:
                messages.success(request, _("已登记。"))
                return redirect("charter:index", slug=community.slug)
        else:
            messages.error(request, form_errors(form))
    today = timezone.localdate()
    return render(request, "charter/index.html", _base(request, community, "charter") | {
        "documents": documents(community.pk), "in_force": {d.pk for d in current_versions(community.pk, on=today)},
        "form": form})


@community_view(roles=[Role.OWNER])
def owner_index(request: HttpRequest, community: Community) -> HttpResponse:
    """The versions in force, to read: no one's name, only what the owners adopted and when."""
    return render(request, "charter/owner_index.html", _base(request, community, "owner_charter") | {
        "current": current_versions(community.pk, on=timezone.localdate())})


@community_view(roles=STAFF_ROLES | {Role.OWNER})
def text(request: HttpRequest, community: Community, pk: int) -> FileResponse:
    """A version's text; owners get only the versions in force."""
    document = get_object_or_404(CharterDocument, community=community, pk=pk)
    owner_only = not request.community_roles & STAFF_ROLES  # type: ignore[attr-defined]
    if owner_only and document not in current_versions(community.pk, on=timezone.localdate()):
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                            as_attachment=not document.content_type.startswith(("application/pdf", "text/plain")),
                            filename=f"{document.get_kind_display()}（{document.version}）.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
