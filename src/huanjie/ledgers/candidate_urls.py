from __future__ import annotations

from django.urls import path

from huanjie.ledgers import candidate_views

app_name = "candidate_ledger"
urlpatterns = [
    path("", candidate_views.ledger, name="ledger"),
    path("export.xlsx", candidate_views.export, name="export"),
]
