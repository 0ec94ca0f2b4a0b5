from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from huanjie.accounts.errors import AccountsError
from huanjie.accounts.forms import OwnerSignInForm, ThrottledAuthenticationForm, client_key
from huanjie.accounts.services import sign_in_owner


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")


@require_http_methods(["GET", "POST"])
def owner_login(request: HttpRequest) -> HttpResponse:
    """Owners sign in with unit, the phone's last four digits and the one-time code on their letter."""
    form = OwnerSignInForm(request.POST or None, initial={"community": request.GET.get("community")})
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
            # Stay signed in on this phone: owners have no password to remember.
            request.session.set_expiry(settings.HUANJIE_OWNER_SESSION_SECONDS)
            return redirect("web:owner_home", slug=data["community"].slug)
    return render(request, "accounts/owner_login.html", {"form": form})
