from __future__ import annotations

from django.urls import path

from huanjie.office import views

app_name = "office"
urlpatterns = [
    path("office/", views.index, name="index"),
    path("office/<slug:code>/", views.detail, name="detail"),
    path("office/<slug:code>/supervisors/", views.add_supervisor, name="add_supervisor"),
    path("c/<slug:slug>/people/", views.people, name="people"),
    path("c/<slug:slug>/people/<int:pk>/grant/", views.grant, name="grant"),
    path("c/<slug:slug>/people/<int:pk>/invite/", views.invite, name="invite"),
    path("c/<slug:slug>/people/roles/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("c/<slug:slug>/reelection/start/", views.start_reelection, name="start_reelection"),
    path("welcome/<uidb64>/<token>/", views.WelcomeView.as_view(), name="welcome"),
]
