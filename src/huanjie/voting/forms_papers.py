"""Forms of the papers' way out and back: delivery, proxies, door-to-door collection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.voting.forms import LOCAL_DATETIME, BallotForm
from huanjie.voting.models import Assembly, DeliveryOutcome, InvalidReason, OwnerRequest, UndeliverableReason

VALIDITY = [("yes", _("有效")), ("no", _("无效"))]


class DeliveryForm(forms.Form):
    serial = forms.CharField(label=_("表决票编号"), max_length=20)
    outcome = forms.ChoiceField(label=_("结果"), choices=DeliveryOutcome.choices, widget=forms.RadioSelect,
                                initial=DeliveryOutcome.DELIVERED)
    delivered_by = forms.CharField(label=_("发放人"), max_length=120)
    delivered_at = forms.DateTimeField(label=_("发放时间"), widget=LOCAL_DATETIME)
    signed_by = forms.CharField(label=_("签收人"), max_length=60, required=False)
    relation = forms.CharField(label=_("签收人与业主关系（本人、配偶、子女……）"), max_length=30, required=False)
    reason = forms.ChoiceField(label=_("无法送达原因"), required=False,
                               choices=[("", "—"), *UndeliverableReason.choices])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ProxyForm(forms.Form):
    serial = forms.CharField(label=_("委托人的表决票编号"), max_length=20)
    grantor_name = forms.CharField(label=_("委托人（业主）姓名"), max_length=60)
    holder_name = forms.CharField(label=_("受托人姓名"), max_length=60)
    holder_phone = forms.RegexField(label=_("受托人手机号"), regex=r"^\d{11}$", max_length=11,
                                    error_messages={"invalid": _("请填写 11 位手机号。")})
    instructions = forms.CharField(label=_("委托事项及表决意见（按业主的意思填写）"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    authorisation = forms.FileField(label=_("业主签字的委托书（照片或 PDF 扫描件，10 MB 以内）"))


class PaperBallotForm(BallotForm):
    """What a paper handed over by a proxy holder, or collected at the door, says."""

    valid = forms.TypedChoiceField(label=_("票面"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                   choices=VALIDITY, initial="yes")
    invalid_reason = forms.ChoiceField(label=_("无效原因"), required=False,
                                       choices=[("", "—"), *InvalidReason.choices])

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, contests=list(assembly.contests.all()), paper=True, **kwargs)


class ProxyBallotForm(PaperBallotForm):
    """The holder's ballot; with a paper per unit, which of the household's papers it is."""

    def __init__(self, *args: Any, serials: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if serials is not None:
            self.fields["serial"] = forms.ChoiceField(label=_("受托人交来的表决票"), choices=serials)
        self.order_fields(["serial", "valid", "invalid_reason"])


class DoorCollectionForm(PaperBallotForm):
    serial = forms.CharField(label=_("表决票编号"), max_length=20)
    first_collector = forms.CharField(label=_("收票人一"), max_length=60)
    second_collector = forms.CharField(label=_("收票人二"), max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["serial", "first_collector", "second_collector", "valid", "invalid_reason"])


class ReissueRequestForm(forms.Form):
    """补发一张表决票: which paper, why, and how the owner asked (a second role confirms it)."""

    serial = forms.CharField(label=_("表决票编号"), max_length=20)
    reason = forms.CharField(label=_("原因（遗失、损坏、未收到……）"), max_length=300)
    owner_request = forms.ChoiceField(label=_("业主如何提出"), choices=OwnerRequest.choices, widget=forms.RadioSelect)


class CodeListRequestForm(forms.Form):
    reason = forms.CharField(label=_("为什么需要表决码清单（例如：交印刷厂套印表决票）"), max_length=300)
