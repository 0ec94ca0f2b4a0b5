from __future__ import annotations

from django.contrib import admin

from huanjie.ledgers.models import Category, Demand


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "name", "sort_key", "active"]
    list_filter = ["community"]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: every change goes through the ledger's services so it is audited."""

    list_display = ["community", "number", "summary", "category", "status", "due_on"]
    list_filter = ["status", "community"]
    search_fields = ["summary"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
