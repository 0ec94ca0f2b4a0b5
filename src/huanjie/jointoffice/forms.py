from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from huanjie.jointoffice.models import Party, Period

phone = RegexValidator(r"^[0-9-]{5,20}$", _("请填写电话号码（数字，可含连字符）。"))
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DutyForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=DATE)
    period = forms.ChoiceField(label=_("时段"), choices=Period.choices)
    party = forms.ChoiceField(label=_("单位"), choices=Party.choices)
    person = forms.CharField(label=_("值班人"), max_length=60)
    phone = forms.CharField(label=_("电话"), max_length=20, validators=[phone])


class MatterForm(forms.Form):
    title = forms.CharField(label=_("事项"), max_length=200)
    party = forms.ChoiceField(label=_("责任单位"), choices=Party.choices)
    owner = forms.CharField(label=_("责任人"), max_length=60)
    due_on = forms.DateField(label=_("办理期限"), widget=DATE)


class FinishForm(forms.Form):
    result = forms.CharField(label=_("办理结果"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    held_on = forms.DateField(label=_("会议日期"), widget=DATE)
    title = forms.CharField(label=_("会议名称"), max_length=120)
    attendees = forms.CharField(label=_("参会人员"), max_length=500)
    decisions = forms.CharField(label=_("议定事项"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(
        label=_("跟进事项（每行一件：事项 | 责任单位 | 责任人 | 期限）"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "修复3号楼门禁 | 物业公司 | 张经理 | 2026-12-15"}))
