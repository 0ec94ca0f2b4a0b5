from __future__ import annotations

from django.contrib import admin

from huanjie.handover.models import Handover


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "direction", "giver", "receiver"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
