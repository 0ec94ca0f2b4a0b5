from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.models import Role
from huanjie.visits.forms import DATE

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in (Role.WORKING_GROUP, Role.PANELIST, Role.SCRUTINEER)]
PHONE = r"^1\d{10}$"


class StreetOfficeForm(forms.Form):
    name = forms.CharField(label=_("街道办事处名称"), max_length=100, help_text=_("例如 芷江西路街道"))


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("小区名称"), max_length=100)
    residents_committee = forms.CharField(label=_("居民区"), max_length=100, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    building_area = forms.DecimalField(label=_("总建筑面积（平方米）"), max_digits=12, decimal_places=2, min_value=0,
                                       required=False, help_text=_("不足一万平方米的小区，业委会可由三人组成。"))


class AccountForm(forms.Form):
    """A person by their mobile number, which becomes their sign-in name; someone already here by theirs."""

    account = forms.CharField(label=_("手机号"), max_length=150,
                              help_text=_("新人员以手机号作为登录账号；已有账号的人员填其登录账号"))
    full_name = forms.CharField(label=_("姓名"), max_length=60, required=False,
                                help_text=_("新人员必填；已有账号的人员可不填"))

    def clean_account(self) -> str:
        value = str(self.cleaned_data["account"]).strip()
        if not (re.fullmatch(PHONE, value) or existing_user(value)):
            raise forms.ValidationError(_("请填写 11 位手机号，或此人已有的登录账号。"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        account = data.get("account")
        if account and not data.get("full_name", "").strip() and not existing_user(account):
            self.add_error("full_name", _("新人员须填写姓名。"))
        return data


class PersonForm(AccountForm):
    roles = forms.MultipleChoiceField(label=_("角色（可多选）"), choices=STAFF_ROLE_CHOICES,
                                      widget=forms.CheckboxSelectMultiple)


def existing_user(account: str) -> AbstractBaseUser | None:
    """A staff account by its sign-in name (owners' accounts are made at sign-in and are never staff)."""
    return get_user_model().objects.filter(username=account).exclude(username__startswith="owner-").first()


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("增加角色"), choices=STAFF_ROLE_CHOICES)


class ReelectionForm(forms.Form):
    term_number = forms.IntegerField(label=_("选举第几届业委会"), min_value=1, max_value=99, initial=2)
    term_end = forms.DateField(label=_("本届任期届满日"), widget=DATE,
                               help_text=_("现任业委会任期届满的日期；各步骤的法定期限由此推算"))
    assembly_date = forms.DateField(label=_("业主大会会议日期（可以以后再定）"), widget=DATE, required=False)
