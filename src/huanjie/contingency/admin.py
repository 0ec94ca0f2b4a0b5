from __future__ import annotations

from django.contrib import admin

from huanjie.contingency.models import EventPlan


@admin.register(EventPlan)
class EventPlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only listing: changes go through the services so that they are audited."""

    list_display = ["community", "kind", "starts_at", "status"]
    list_filter = ["status", "kind"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
