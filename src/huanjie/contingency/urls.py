from __future__ import annotations

from django.urls import path

from huanjie.contingency import views

app_name = "contingency"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
    path("<int:pk>/checks/<int:item>/tick/", views.tick, name="tick"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
