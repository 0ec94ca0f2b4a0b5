"""The count's settings of an assembly (spec/tally.md v2), set while it is being prepared."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community
from huanjie.voting import selectors
from huanjie.voting.errors import VotingError
from huanjie.voting.forms import CountRulesForm
from huanjie.voting.services import apply_rules_of_procedure, set_count_rules
from huanjie.web.permissions import community_view


@require_POST
@community_view(roles=STAFF_ROLES)
def count_rules(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """同一买受人的认定 and 填写非候选人: refused without a basis when not the law's reading."""
    assembly = selectors.assembly_of(community, pk)
    if assembly is None:
        raise Http404
    form = CountRulesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("计票设置未保存：%(errors)s") % {"errors": form.errors.as_text()})
        return redirect("voting:detail", slug=community.slug, pk=pk)
    try:
        set_count_rules(assembly=assembly, join=form.cleaned_data["join"], write_in=form.cleaned_data["write_in"],
                        basis=form.cleaned_data["basis"], actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("计票设置已保存。"))
    return redirect("voting:detail", slug=community.slug, pk=pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def rules_of_procedure(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """按现行议事规则更新: a draft takes the count's settings and online voting from the rules in force."""
    assembly = selectors.assembly_of(community, pk)
    if assembly is None:
        raise Http404
    try:
        apply_rules_of_procedure(assembly=assembly, actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已按现行议事规则更新计票设置和网上表决。"))
    return redirect("voting:detail", slug=community.slug, pk=pk)
