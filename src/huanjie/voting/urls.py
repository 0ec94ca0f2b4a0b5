from __future__ import annotations

from django.urls import path

from huanjie.voting import (
    views,
    views_codes,
    views_count_rules,
    views_delivery,
    views_officials,
    views_papers,
    views_proxies,
    views_results,
)

app_name = "voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/step/", views.transition, name="transition"),
    path("<int:pk>/codes/", views_codes.codes, name="codes"),
    path("<int:pk>/codes/<int:release>/confirm/", views_codes.confirm_release, name="confirm_release"),
    path("<int:pk>/codes/<int:release>/withdraw/", views_codes.withdraw_release, name="withdraw_release"),
    path("<int:pk>/codes/<int:release>/print/", views_codes.print_release, name="print_release"),
    path("<int:pk>/turnout/", views.turnout, name="turnout"),
    path("<int:pk>/boxes/", views.boxes, name="boxes"),
    path("<int:pk>/officials/", views_officials.officials, name="officials"),
    path("<int:pk>/officials/<int:official>/dismiss/", views_officials.dismiss, name="dismiss_official"),
    path("<int:pk>/entry/", views.entry, name="entry"),
    path("<int:pk>/entry/<int:reading>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/count/", views.count, name="count"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/tally.zip", views.tally_export, name="tally"),
    path("<int:pk>/print/", views_papers.print_all, name="print"),
    path("<int:pk>/paper-mode/", views_papers.paper_mode, name="paper_mode"),
    path("<int:pk>/count-rules/", views_count_rules.count_rules, name="count_rules"),
    path("<int:pk>/rules-of-procedure/", views_count_rules.rules_of_procedure, name="rules_of_procedure"),
    path("<int:pk>/delivery/", views_delivery.delivery, name="delivery"),
    path("<int:pk>/proxies/", views_proxies.proxies, name="proxies"),
    path("<int:pk>/proxies/<int:proxy>/ballot/", views_proxies.proxy_ballot, name="proxy_ballot"),
    path("<int:pk>/proxies/<int:proxy>/revoke/", views_proxies.proxy_revoke, name="proxy_revoke"),
    path("<int:pk>/proxies/<int:proxy>/authorisation/", views_proxies.proxy_authorisation,
         name="proxy_authorisation"),
    path("<int:pk>/door/", views_proxies.door, name="door"),
    path("<int:pk>/results/notices/", views_results.results_notices, name="results_notices"),
    path("<int:pk>/results/notices/<slug:which>/", views_results.draft_notice, name="draft_results_notice"),
    path("<int:pk>/filing.zip", views_results.filing_pack_zip, name="filing_pack"),
]
