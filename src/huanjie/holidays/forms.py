from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ROWS_HELP = _("每行一个节日，依次为：节日，放假起，放假止，调休上班日（没有可不填，多个用空格分隔）。"
              "例如：国庆节, 2026-10-01, 2026-10-07, 2026-09-20 2026-10-10")


class EnterYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    notice_number = forms.CharField(label=_("通知文号"), max_length=60, help_text=_("例如：国办发明电〔2024〕12号"))
    notice_date = forms.DateField(label=_("通知日期"), widget=forms.DateInput(attrs={"type": "date"}))
    rows_text = forms.CharField(label=_("放假安排"), help_text=ROWS_HELP,
                                widget=forms.Textarea(attrs={"rows": 9, "cols": 60, "spellcheck": "false"}))
