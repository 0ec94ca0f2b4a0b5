from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.visits.models import Outcome

# An <input type=date> only takes ISO dates, whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitForm(forms.Form):
    unit_code = forms.CharField(label=_("房号"), max_length=50,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text",
                                                              "placeholder": _("如 3-1202")}))
    outcome = forms.ChoiceField(label=_("走访结果"), choices=Outcome.choices, widget=forms.RadioSelect)
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    visitor = forms.CharField(label=_("走访人"), max_length=40)
    second_visitor = forms.CharField(label=_("同行走访人"), max_length=40, required=False)
    notes = forms.CharField(label=_("情况记录"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = forms.DateField(label=_("再次走访日期"), required=False,
                                   widget=DATE)
    idempotency_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
