from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from huanjie.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("login/enrol/", views.login_enrol, name="login_enrol"),
    path("two-factor/", views.two_factor_status, name="two_factor"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("owner/", views.owner_login, name="owner_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
