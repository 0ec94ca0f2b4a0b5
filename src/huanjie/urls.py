from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from huanjie.accounts.forms import TwoFactorAdminAuthenticationForm
from huanjie.api.api import api

admin.site.site_header = "huanjie 业委会换届 · 管理后台"
admin.site.login_form = TwoFactorAdminAuthenticationForm  # no second step there: two-step users are refused
admin.site.site_title = "huanjie"

urlpatterns = [
    path("", include("huanjie.web.urls")),
    path("accounts/", include("huanjie.accounts.urls")),
    path("c/<slug:slug>/roster/", include("huanjie.roster.urls")),
    path("c/<slug:slug>/letters/", include("huanjie.letters.urls")),
    path("c/<slug:slug>/visits/", include("huanjie.visits.urls")),
    path("c/<slug:slug>/demands/", include("huanjie.ledgers.urls")),
    path("c/<slug:slug>/candidate-ledger/", include("huanjie.ledgers.candidate_urls")),
    path("c/<slug:slug>/candidates/", include("huanjie.candidates.urls")),
    path("c/<slug:slug>/notices/", include("huanjie.notices.urls")),
    path("n/<str:token>/", include("huanjie.notices.public_urls")),
    path("c/<slug:slug>/voting/", include("huanjie.voting.urls")),
    path("c/<slug:slug>/charter/", include("huanjie.charter.urls")),
    path("vote/", include("huanjie.voting.owner_urls")),
    path("c/<slug:slug>/contingency/", include("huanjie.contingency.urls")),
    path("c/<slug:slug>/projects/", include("huanjie.projects.urls")),
    path("c/<slug:slug>/training/", include("huanjie.training.urls")),
    path("c/<slug:slug>/joint-office/", include("huanjie.jointoffice.urls")),
    path("c/<slug:slug>/handover/", include("huanjie.handover.urls")),
    path("c/<slug:slug>/audit/", include("huanjie.audit.urls")),
    path("office/<slug:code>/audit/", include("huanjie.audit.office_urls")),
    path("audit/", include("huanjie.audit.public_urls")),
    path("", include("huanjie.reelection.urls")),
    path("", include("huanjie.personaldata.urls")),
    path("", include("huanjie.office.urls")),
    path("holidays/", include("huanjie.holidays.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
