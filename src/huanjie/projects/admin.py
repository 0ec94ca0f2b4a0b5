from __future__ import annotations

from django.contrib import admin

from huanjie.projects.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only listing: changes go through the services so that they are audited."""

    list_display = ["community", "title", "funding", "budget", "status", "progress"]
    list_filter = ["status", "funding"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
