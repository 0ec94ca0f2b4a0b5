from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts import throttle, two_factor
from huanjie.accounts.errors import AccountsError
from huanjie.accounts.forms import (
    ConfirmEnrolmentForm,
    DisableTwoFactorForm,
    OwnerSignInForm,
    SecondStepForm,
    ThrottledAuthenticationForm,
    client_key,
    staff_target,
)
from huanjie.accounts.services import sign_in_owner

# The session key holding a password-checked user who still owes the second step. The user is
# NOT signed in meanwhile: every other page still sees an anonymous visitor.
PENDING = "huanjie.two_factor.pending"
PENDING_SECONDS = 300
ENROL_SECONDS = 900  # setting up an app for the first time takes longer than typing a code


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        user = form.get_user()
        enrolled = two_factor.enabled_device(user) is not None
        if not enrolled and not two_factor.required_for(user):
            response = super().form_valid(form)
            tell_of_failures(self.request, user)
            return response
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk, "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
            "auth_hash": user.get_session_auth_hash(), "next": self.get_success_url(), "at": time.time(),
            "enrol": not enrolled,
        }
        # A role that must use two-step sign-in and has not set it up yet: set it up now, before signing in.
        return redirect("accounts:login_code" if enrolled else "accounts:login_enrol")


def tell_of_failures(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Failed tries at the user's password or two-step codes since they were last told (NIST SP
    800-63B §5.2.2 asks that the holder can notice a guessing attack; so does OWASP)."""
    report = throttle.take_report([staff_target(user.get_username()), two_factor.totp_target(user)])
    if report is not None:
        messages.warning(request, _(
            "自 %(since)s 以来，有人 %(failures)s 次用您的账号登录失败（最近一次 %(last)s）。"
            "如果不是您本人输错，请修改密码，并告诉街道或系统管理员。") % {
            "since": _when(report.since), "last": _when(report.last), "failures": report.failures})


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _pending_user(request: HttpRequest) -> tuple[AbstractBaseUser, dict[str, Any]] | None:
    """The user who passed the password step in this session, if still fresh and unchanged."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    limit = ENROL_SECONDS if pending.get("enrol") else PENDING_SECONDS
    fresh = time.time() - float(pending.get("at", 0)) <= limit
    # A password changed since the first step voids it, as it voids sessions.
    if user is None or not fresh or not constant_time_compare(user.get_session_auth_hash(), pending["auth_hash"]):
        del request.session[PENDING]
        return None
    return user, pending


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a staff sign-in: a code from the authenticator app, or a recovery code."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    started = PENDING in request.session
    found = _pending_user(request)
    if found is None:
        if started:
            messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect(settings.LOGIN_URL)
    user, pending = found
    if pending.get("enrol"):
        return redirect("accounts:login_enrol")
    if two_factor.enabled_device(user) is None:  # reset or turned off meanwhile: start again
        del request.session[PENDING]
        messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect(settings.LOGIN_URL)
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = two_factor.verify_second_step(user=user, code=form.cleaned_data["code"],
                                                 client=client_key(request))
        except AccountsError as error:
            form.add_error("code", str(error))
        else:
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            tell_of_failures(request, user)
            if used == "recovery":
                left = two_factor.recovery_codes_left(two_factor.enabled_device(user))
                messages.warning(request, _("你用了一个备用码，还剩 %(left)s 个。用完前请重新设置两步验证。")
                                 % {"left": left})
            return redirect(pending["next"])
    return render(request, "accounts/login_code.html", {"form": form, "pending_user": user})


@never_cache
@require_http_methods(["GET", "POST"])
def login_enrol(request: HttpRequest) -> HttpResponse:
    """Sign-in of a user whose role must use two-step sign-in and who has not set it up: set it up first.

    As on the code step, the user is not signed in until the first code confirms the app.
    """
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    started = PENDING in request.session
    found = _pending_user(request)
    if found is None or not found[1].get("enrol"):
        if started and found is None:
            messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect("accounts:login_code" if found else settings.LOGIN_URL)
    user, pending = found

    def sign_in() -> None:
        del request.session[PENDING]
        login(request, user, backend=pending["backend"])
        tell_of_failures(request, user)

    return _enrolment_page(request, user, pending["next"], confirmed=sign_in)


def _enrolment_page(request: HttpRequest, user: AbstractBaseUser, done_url: str,
                    confirmed: Callable[[], None] | None = None) -> HttpResponse:
    """The QR code and typed secret, confirmed by a first code; then the recovery codes, shown once."""
    device = two_factor.pending_device(user)
    form = ConfirmEnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(user=user, code=form.cleaned_data["code"],
                                                 client=client_key(request))
        except AccountsError as error:
            form.add_error("code", str(error))
        else:
            if confirmed is not None:
                confirmed()
            # Shown once, in this response only: they are kept as hashes from now on.
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "done_url": done_url})
    setup = two_factor.enrolment(device)
    qr = segno.make(setup.uri, error="m").svg_inline(scale=4, light="#fff", omitsize=False)
    return render(request, "accounts/two_factor_enrol.html", {
        "form": form, "qr": mark_safe(qr),  # noqa: S308 - segno's own SVG markup, no user input in markup
        "grouped_secret": setup.grouped, "required": request.user.is_anonymous,
    })


def _two_factor_user(request: HttpRequest) -> AbstractBaseUser:
    """Staff who sign in with a password; owners (who sign in with their letter) get a 404."""
    if not two_factor.may_use_two_factor(request.user):
        raise Http404
    return request.user


@never_cache
@login_required
@require_http_methods(["GET"])
def two_factor_status(request: HttpRequest) -> HttpResponse:
    user = _two_factor_user(request)
    device = two_factor.enabled_device(user)
    return render(request, "accounts/two_factor.html", {
        "device": device, "codes_left": two_factor.recovery_codes_left(device) if device else 0,
        "form": DisableTwoFactorForm(), "required": two_factor.required_for(user),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: QR code and typed secret, confirmed by a first code."""
    user = _two_factor_user(request)
    if two_factor.enabled_device(user) is not None:
        return redirect("accounts:two_factor")
    return _enrolment_page(request, user, reverse("accounts:two_factor"))


@never_cache
@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = _two_factor_user(request)
    device = two_factor.enabled_device(user)
    form = DisableTwoFactorForm(request.POST)
    if device is not None and form.is_valid():
        try:
            two_factor.disable(user=user, proof=form.cleaned_data["proof"], client=client_key(request))
        except AccountsError as error:
            form.add_error("proof", str(error))
        else:
            messages.success(request, _("两步验证已关闭。"))
            return redirect("accounts:two_factor")
    if device is None:
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor.html", {
        "device": device, "codes_left": two_factor.recovery_codes_left(device), "form": form,
        "required": two_factor.required_for(user),
    }, status=400)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "two_factor": two_factor.may_use_two_factor(self.request.user)}


def _letter_unit(request: HttpRequest) -> str:
    """The unit a letter's QR link names (`u`, its id within the named community), or a typed `unit`."""
    from huanjie.roster.models import Unit

    unit_id = request.GET.get("u", "")
    if unit_id.isdigit() and len(unit_id) < 12:
        found = Unit.objects.filter(pk=int(unit_id), community__slug=request.GET.get("community", "")).first()
        return found.code if found else ""
    return request.GET.get("unit", "")[:50]


@require_http_methods(["GET", "POST"])
def owner_login(request: HttpRequest) -> HttpResponse:
    """Owners sign in with unit, the phone's last four digits and the one-time code on their letter."""
    # The QR code on the letter fills in the community and the unit; the owner types the rest.
    form = OwnerSignInForm(request.POST or None, initial={"community": request.GET.get("community"),
                                                          "unit": _letter_unit(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = sign_in_owner(community=data["community"], unit_code=data["unit"],
                                 phone_last4=data["phone_last4"], code=data["code"],
                                 client_key=client_key(request))
        except AccountsError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # Stay signed in on this phone (owners have no password to remember), for a fixed time from now.
            request.session.set_expiry(timezone.now() + timedelta(days=settings.HUANJIE_OWNER_SESSION_DAYS))
            return redirect("web:owner_home", slug=data["community"].slug)
    return render(request, "accounts/owner_login.html", {"form": form})
