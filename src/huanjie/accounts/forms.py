from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from huanjie.accounts import throttle
from huanjie.accounts.clients import client_key
from huanjie.accounts.errors import TooManyAttempts
from huanjie.roster.models import Community


def staff_target(username: str) -> str:
    return f"staff:{username.strip().lower()}"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, slowing a client that keeps failing at a name (accounts.throttle)."""

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username") or ""
        if not (username and self.data.get("password")):
            return super().clean()  # nothing is checked without both, so nothing is counted (nor cleared)
        try:
            attempt = throttle.attempt(staff_target(username), client_key(self.request))
        except TooManyAttempts as error:
            raise forms.ValidationError(str(error), code="throttled") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            holder = get_user_model().objects.filter(username=username).first() if attempt.alarming else None
            throttle.failed(attempt, holder=holder, step="password")
            raise
        throttle.succeeded(attempt)
        return cleaned


class OwnerSignInForm(forms.Form):
    community = forms.ModelChoiceField(label=_("小区"), queryset=Community.objects.order_by("name"),
                                       to_field_name="slug", empty_label=None)
    unit = forms.CharField(label=_("房号"), max_length=50, help_text=_("例如 3-1202"))
    phone_last4 = forms.RegexField(label=_("手机号后四位"), regex=r"^\d{4}$", max_length=4,
                                   error_messages={"invalid": _("请输入业主名册登记手机号的后四位数字。")})
    code = forms.CharField(label=_("登录码"), max_length=20, help_text=_("见换届改选小组送达的告业主书"))


class SecondStepForm(forms.Form):
    code = forms.CharField(label=_("验证码"), max_length=20, strip=True,
                           help_text=_("身份验证器应用显示的 6 位数字；手机不在身边时可填一个备用码。"),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}))


class ConfirmEnrolmentForm(forms.Form):
    code = forms.RegexField(label=_("验证码"), regex=r"^\s*\d{3}\s?\d{3}\s*$", max_length=10,
                            error_messages={"invalid": _("请输入身份验证器应用显示的 6 位数字。")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class DisableTwoFactorForm(forms.Form):
    proof = forms.CharField(label=_("当前验证码或登录密码"), max_length=128, strip=False,
                            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TwoFactorAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin site's sign-in, throttled like the staff page (failures on either count together). It
    has no second step: users with two-step sign-in must use the staff page."""

    def confirm_login_allowed(self, user: Any) -> None:
        from huanjie.accounts.two_factor import enabled_device

        super().confirm_login_allowed(user)
        if enabled_device(user) is not None:
            raise forms.ValidationError(_("此账号已开启两步验证，请先在工作人员登录页登录，再打开管理后台。"),
                                        code="two_factor")
