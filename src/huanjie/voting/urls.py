from __future__ import annotations

from django.urls import path

from huanjie.voting import views

app_name = "voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/step/", views.transition, name="transition"),
    path("<int:pk>/codes.csv", views.codes_csv, name="codes"),
    path("<int:pk>/turnout/", views.turnout, name="turnout"),
    path("<int:pk>/boxes/", views.boxes, name="boxes"),
    path("<int:pk>/entry/", views.entry, name="entry"),
    path("<int:pk>/entry/<int:reading>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/count/", views.count, name="count"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/tally.zip", views.tally_export, name="tally"),
]
