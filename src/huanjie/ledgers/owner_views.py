"""我的诉求: an owner raises a demand from their own page and follows it to its answer.

The owner sees only the demands of their own units: the number, what they raised, where it
stands and the answer, as the ledger holds them. A demand raised here enters the same ledger
(source 业主本人提交) and is handled like any other.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.models import Role
from huanjie.accounts.selectors import owner_unit_ids
from huanjie.ledgers import services
from huanjie.ledgers.errors import LedgerError
from huanjie.ledgers.models import Category, Demand, Source
from huanjie.roster.models import Community, Unit
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


class OwnerDemandForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("房号"), queryset=Unit.objects.none(), empty_label=None)
    category = forms.ModelChoiceField(label=gettext_lazy("分类"), queryset=Category.objects.none(), empty_label=None)
    summary = forms.CharField(label=gettext_lazy("您想反映的问题"), max_length=200,
                              help_text=gettext_lazy("一句话说清楚，例如：3号楼电梯经常停运"))
    detail = forms.CharField(label=gettext_lazy("详细情况（可不填）"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, community: Community, unit_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = Unit.objects.filter(community=community, pk__in=unit_ids)  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.filter(community=community, active=True)  # type: ignore[attr-defined]


@community_view(roles=[Role.OWNER])
def mine(request: HttpRequest, community: Community) -> HttpResponse:
    units = owner_unit_ids(request.user, community)
    form = OwnerDemandForm(request.POST or None, community=community, unit_ids=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        today = timezone.localdate()
        try:
            recorded = services.record_demand(
                community=community, source=Source.OWNER_PAGE, category=data["category"], summary=data["summary"],
                detail=data["detail"], unit=data["unit"], recorded_on=today, today=today,
                actor=request.user)  # type: ignore[arg-type]
        except LedgerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已收到您的诉求，编号 %(number)s。办理和答复会显示在这里。")
                             % {"number": recorded.demand.number})
            return redirect("ledgers:mine", slug=community.slug)
    demands = (Demand.objects.filter(community=community, unit_id__in=units)
               .select_related("unit", "category").order_by("-number"))
    return render(request, "ledgers/mine.html", {
        "community": community, "form": form, "demands": demands,
        "can_raise": form.fields["category"].queryset.exists(),  # type: ignore[attr-defined]
        "community_nav": community_nav(community, request.community_roles, "owner_demands"),  # type: ignore[attr-defined]
    })
