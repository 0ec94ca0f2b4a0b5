from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from huanjie.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("owner/", views.owner_login, name="owner_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
