from __future__ import annotations

from django.contrib import admin

from huanjie.reelection.models import Reelection, StageProgress


class StageProgressInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StageProgress
    extra = 0
    exclude = ["community"]


@admin.register(Reelection)
class ReelectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "term_number", "term_end", "assembly_date"]
    inlines = [StageProgressInline]
