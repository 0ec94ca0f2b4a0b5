from __future__ import annotations

from django.urls import path

from huanjie.ledgers import owner_views, views

app_name = "ledgers"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("new/", views.new, name="new"),
    path("quick/", views.quick, name="quick"),
    path("summary/", views.summary, name="summary"),
    path("export.xlsx", views.export, name="export"),
    path("categories/", views.categories, name="categories"),
    path("mine/", owner_views.mine, name="mine"),
    path("<int:number>/", views.demand, name="demand"),
    path("<int:number>/<slug:action>/", views.act, name="act"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
