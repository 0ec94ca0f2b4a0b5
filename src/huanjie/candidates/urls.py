from __future__ import annotations

from django.urls import path

from huanjie.candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("settings/", views.update_settings, name="settings"),
    path("call-notice/", views.call_notice, name="call_notice"),
    path("candidate-notice/", views.candidate_notice, name="candidate_notice"),
    path("final-list/", views.final_list, name="final_list"),
    path("nominate/", views.nominate, name="nominate"),
    path("arrears/", views.import_arrears, name="arrears"),
    path("panel/", views.panel_page, name="panel"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/check/<int:check_pk>/file/", views.check_file, name="check_file"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/sheets/", views.score_sheets, name="score_sheets"),
    path("review/", views.panel_home, name="panel_home"),
    path("review/<int:pk>/", views.score, name="score"),
    path("mine/", views.mine, name="mine"),
    path("mine/apply/", views.self_nominate, name="self_nominate"),
]
