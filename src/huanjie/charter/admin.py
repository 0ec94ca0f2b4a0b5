from __future__ import annotations

from django.contrib import admin

from huanjie.charter.models import CharterDocument


@admin.register(CharterDocument)
class CharterDocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only listing: versions are recorded through the services so that they are audited."""

    list_display = ["community", "kind", "version", "adopted_on", "online_voting", "join", "write_in"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
