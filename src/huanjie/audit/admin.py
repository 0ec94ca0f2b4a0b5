from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from huanjie.audit.models import AuditRecord
from huanjie.audit.presenting import action_label, actor_text, changes_text, record_data, type_label


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the chain is append-only, even for superusers."""

    list_display = ["sequence", "at", "actor", "action", "target", "what_changed"]
    search_fields = ["code", "target_label", "actor_label"]

    # The codes and the stored data, as the audit pages show them (issue 15, finding 9).
    @admin.display(description=_("操作人"))
    def actor(self, record: AuditRecord) -> str:
        return actor_text(record.actor_label)

    @admin.display(description=_("操作"), ordering="code")
    def action(self, record: AuditRecord) -> str:
        return action_label(record.code)

    @admin.display(description=_("对象"))
    def target(self, record: AuditRecord) -> str:
        return f"{type_label(record.target_type)} {record.target_label}".strip()

    @admin.display(description=_("变更内容"))
    def what_changed(self, record: AuditRecord) -> str:
        return changes_text(record_data(record), model=record.target_type)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
