from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from huanjie.contingency.models import TICKING_ROLES, EventKind, Level, RiskKind

phone = RegexValidator(r"^[0-9-]{5,20}$", _("请填写电话号码（数字，可含连字符）。"))


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议/环节"), choices=EventKind.choices)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    venue = forms.CharField(label=_("地点"), max_length=200)
    commander = forms.CharField(label=_("现场总负责人"), max_length=60)
    commander_phone = forms.CharField(label=_("总负责人电话"), max_length=20, validators=[phone])


class RiskForm(forms.Form):
    kind = forms.ChoiceField(label=_("风险"), choices=RiskKind.choices)
    situation = forms.CharField(label=_("可能情形"), max_length=200, required=False)
    likelihood = forms.TypedChoiceField(label=_("可能性"), choices=Level.choices, coerce=int)
    impact = forms.TypedChoiceField(label=_("影响"), choices=Level.choices, coerce=int)
    mitigation = forms.CharField(label=_("应对措施"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("责任人"), max_length=60)
    contact = forms.CharField(label=_("联系电话"), max_length=20, validators=[phone])


class CheckForm(forms.Form):
    text = forms.CharField(label=_("检查项"), max_length=200)
    role = forms.ChoiceField(label=_("由谁确认"), choices=TICKING_ROLES)


class IncidentForm(forms.Form):
    happened_at = forms.DateTimeField(label=_("发生时间"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    risk_kind = forms.ChoiceField(label=_("类别"), choices=RiskKind.choices)
    what = forms.CharField(label=_("情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label=_("处置"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
