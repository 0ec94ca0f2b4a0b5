from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.personaldata.models import RetentionPolicy


class RetentionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RetentionPolicy
        fields = ["months", "erase_roster_phones", "hold_reason"]


class ConfirmOwnerForm(forms.Form):
    """The letter's code again, before the personal-data ZIP (accounts.reauth)."""

    phone_last4 = forms.RegexField(label=_("手机号后四位"), regex=r"^\d{4}$", max_length=4,
                                   error_messages={"invalid": _("请输入业主名册登记手机号的后四位数字。")},
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    code = forms.CharField(label=_("登录码"), max_length=20, help_text=_("见换届改选小组送达的告业主书"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
