from __future__ import annotations

from django.contrib import admin

from huanjie.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "street_office", "community", "unit"]
    list_filter = ["role", "street_office"]
    search_fields = ["user__username", "community__name"]
    raw_id_fields = ["unit"]
