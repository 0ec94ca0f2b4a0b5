from __future__ import annotations

from django.urls import path

from huanjie.notices import draft_views, views

app_name = "notices"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("draft/roster/", draft_views.draft_roster, name="draft_roster"),
    path("draft/election/", draft_views.draft_election, name="draft_election"),
    path("<int:pk>/postings/", views.posting, name="posting"),
    path("<int:pk>/postings/<int:posting_pk>/photo/", views.posting_photo, name="posting_photo"),
    path("<int:pk>/objections/", views.record_objection, name="record_objection"),
    path("<int:pk>/objections/<int:objection_pk>/", views.decide, name="decide"),
    path("<int:pk>/objections/<int:objection_pk>/evidence/", views.objection_evidence, name="objection_evidence"),
    path("owner/", views.owner_index, name="owner_index"),
    path("owner/<int:pk>/", views.owner_detail, name="owner_detail"),
]
