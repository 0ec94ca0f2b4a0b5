from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from huanjie.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the chain is append-only, even for superusers."""

    list_display = ["sequence", "at", "actor_label", "code", "target_label"]
    list_filter = ["code"]
    search_fields = ["code", "target_label", "actor_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
