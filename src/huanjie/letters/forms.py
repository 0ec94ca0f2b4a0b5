from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Building, Community
from huanjie.visits.forms import DATE
from huanjie.voting.forms import LOCAL_DATETIME
from huanjie.voting.models import DeliveryOutcome, UndeliverableReason

MISSING, ALL, BUILDING = "missing", "all", "building"


class IssueForm(forms.Form):
    scope = forms.ChoiceField(label=_("给哪些房屋签发"), widget=forms.RadioSelect, initial=MISSING, choices=[
        (MISSING, _("还没有告业主书的房屋（业主已登录过的、手里的登录码仍有效的不再发）")),
        (BUILDING, _("一栋楼的全部房屋（重新签发，这些房屋原来的登录码作废）")),
        (ALL, _("全部房屋（重新签发，原来的登录码全部作废）")),
    ])
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=Building.objects.none(), required=False)
    expires_on = forms.DateField(label=_("登录码有效期至"), widget=DATE,
                                 help_text=_("过了这一天登录码就不能用了；一般定在业主大会投票结束以后"))
    confirm = forms.BooleanField(label=_("我知道重新签发后，尚未使用的原登录码全部作废"), required=False)

    def __init__(self, *args: object, community: Community, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["building"].queryset = Building.objects.filter(community=community)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("scope") == BUILDING and not data.get("building"):
            self.add_error("building", _("请选择楼栋。"))
        return data


class ReissueForm(forms.Form):
    unit = forms.CharField(label=_("房号"), max_length=50)
    expires_on = forms.DateField(label=_("登录码有效期至"), widget=DATE)


class LetterDeliveryForm(forms.Form):
    unit = forms.CharField(label=_("房号"), max_length=50)
    outcome = forms.ChoiceField(label=_("结果"), choices=DeliveryOutcome.choices, widget=forms.RadioSelect,
                                initial=DeliveryOutcome.DELIVERED)
    delivered_by = forms.CharField(label=_("送达人"), max_length=120)
    delivered_at = forms.DateTimeField(label=_("送达时间"), widget=LOCAL_DATETIME)
    signed_by = forms.CharField(label=_("签收人"), max_length=60, required=False)
    relation = forms.CharField(label=_("签收人与业主关系（本人、配偶、子女……）"), max_length=30, required=False)
    reason = forms.ChoiceField(label=_("无法送达原因"), required=False,
                               choices=[("", "—"), *UndeliverableReason.choices])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
