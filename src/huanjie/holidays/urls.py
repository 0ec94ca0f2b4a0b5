from __future__ import annotations

from django.urls import path

from huanjie.holidays import views

app_name = "holidays"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/withdraw/", views.withdraw, name="withdraw"),
]
