from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.reelection.models import StageChoices
from huanjie.visits.forms import DATE


class StageDoneForm(forms.Form):
    stage = forms.ChoiceField(label=_("阶段"), choices=StageChoices)
    done_on = forms.DateField(label=_("完成日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    evidence = forms.FileField(label=_("佐证材料（照片、PDF、Word、Excel）"), required=False)


class AssemblyForm(forms.Form):
    assembly_date = forms.DateField(label=_("业主大会会议日期"), widget=DATE)
