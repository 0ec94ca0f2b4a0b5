from __future__ import annotations

from django.contrib import admin

from huanjie.jointoffice.models import Matter


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "number", "title", "party", "owner", "due_on", "status"]
    list_filter = ["status", "party"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
