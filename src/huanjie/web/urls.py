from __future__ import annotations

from django.urls import path

from huanjie.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.community, name="community"),
    path("c/<slug:slug>/me/", views.owner_home, name="owner_home"),
    path("c/<slug:slug>/scrutiny/", views.scrutiny, name="scrutiny"),
    path("care/", views.toggle_care, name="care"),
    path("healthz", views.healthz, name="healthz"),
]
