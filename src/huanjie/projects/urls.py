from __future__ import annotations

from django.urls import path

from huanjie.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.owner_index, name="owner_index"),
    path("consent/", views.consent, name="consent"),
    path("<int:pk>/", views.project, name="project"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
