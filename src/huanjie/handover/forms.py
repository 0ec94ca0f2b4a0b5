from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.handover.models import Direction, ItemKind


class OpenForm(forms.Form):
    direction = forms.ChoiceField(label=_("移交"), choices=Direction.choices)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ItemKind.choices)
    description = forms.CharField(label=_("名称"), max_length=200)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, initial=1)


class SignForm(forms.Form):
    side = forms.ChoiceField(label=_("签字方"), choices=[("giver", _("交出方")), ("receiver", _("接收方"))])
    name = forms.CharField(label=_("签字人"), max_length=60)
    signed_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
