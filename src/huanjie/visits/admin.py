from __future__ import annotations

from django.contrib import admin

from huanjie.visits.models import Visit


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "unit", "visited_on", "visitor", "outcome"]
    list_filter = ["outcome", "community"]
    search_fields = ["unit__code", "visitor", "second_visitor"]
    raw_id_fields = ["unit"]
    readonly_fields = ["idempotency_key", "recorded_by", "recorded_at"]
