from __future__ import annotations

from django.urls import path

from huanjie.candidates import joint_views, meeting_views, views

app_name = "candidates"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("settings/", views.update_settings, name="settings"),
    path("call-notice/", views.call_notice, name="call_notice"),
    path("candidate-notice/", views.candidate_notice, name="candidate_notice"),
    path("final-list/", views.final_list, name="final_list"),
    path("uncontested/", views.uncontested, name="uncontested"),
    path("nominate/", views.nominate, name="nominate"),
    path("arrears/", views.import_arrears, name="arrears"),
    path("panel/", views.panel_page, name="panel"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/check/all/", views.check_all, name="check_all"),
    path("<int:pk>/check/<int:check_pk>/file/", views.check_file, name="check_file"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/sheets/", views.score_sheets, name="score_sheets"),
    path("<int:pk>/sheets.pdf", views.score_sheets_pdf, name="score_sheets_pdf"),
    path("review/", views.panel_home, name="panel_home"),
    path("review/<int:pk>/", views.score, name="score"),
    path("meetings/", meeting_views.meetings, name="meetings"),
    path("meetings/<int:pk>/", meeting_views.meeting, name="meeting"),
    path("meetings/<int:pk>/notice/", meeting_views.meeting_notice, name="meeting_notice"),
    path("meetings/<int:pk>/roll/", meeting_views.meeting_roll, name="meeting_roll"),
    path("meetings/<int:pk>/sign-in/", meeting_views.meeting_sign_in, name="meeting_sign_in"),
    path("meetings/<int:pk>/questions/", meeting_views.meeting_question, name="meeting_question"),
    path("meetings/<int:pk>/questions/<int:question_pk>/answer/", meeting_views.meeting_answer,
         name="meeting_answer"),
    path("meetings/<int:pk>/minutes/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/record.pdf", meeting_views.meeting_pdf, name="meeting_pdf"),
    path("mine/meeting/", meeting_views.owner_meeting, name="owner_meeting"),
    path("mine/joint/", joint_views.joint_list, name="joint_list"),
    path("mine/joint/<int:pk>/", joint_views.cosign, name="cosign"),
    path("mine/", views.mine, name="mine"),
    path("mine/apply/", views.self_nominate, name="self_nominate"),
]
