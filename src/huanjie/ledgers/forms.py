from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.ledgers.models import Category, FollowUp, Handler, Source, Urgency
from huanjie.roster.models import Community

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DemandForm(forms.Form):
    summary = forms.CharField(label=_("诉求"), max_length=200)
    category = forms.ModelChoiceField(label=_("分类"), queryset=Category.objects.none(), empty_label=None)
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, initial=Source.VISIT)
    unit_code = forms.CharField(label=_("房号"), max_length=50, required=False,
                                help_text=_("匿名反映的可以不填。"))
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, widget=forms.RadioSelect,
                                initial=Urgency.NORMAL)
    detail = forms.CharField(label=_("详细情况"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    handler = forms.ChoiceField(label=_("承办单位"), choices=[("", _("（暂不分派）")), *Handler.choices],
                                required=False)
    due_on = forms.DateField(label=_("办理期限"), required=False, widget=DATE)
    recorded_on = forms.DateField(label=_("登记日期"), widget=DATE)
    idempotency_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, community: Community, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["category"].queryset = Category.objects.filter(community=community, active=True)  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    handler = forms.ChoiceField(label=_("承办单位"), choices=Handler.choices)
    due_on = forms.DateField(label=_("办理期限"), required=False, widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复业主"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新办理的理由"), max_length=400)


class DuplicateForm(forms.Form):
    original = forms.IntegerField(label=_("原始诉求编号"), min_value=1)


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(label=_("回访结果"), choices=FollowUp.choices)
    note = forms.CharField(label=_("回访记录"), max_length=400, required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("照片"))


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("新分类"), max_length=30)
