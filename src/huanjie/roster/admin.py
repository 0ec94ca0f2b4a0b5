from __future__ import annotations

from django.contrib import admin

from huanjie.roster.models import Building, Community, Owner, Ownership, RosterImport, StreetOffice, Unit


@admin.register(StreetOffice)
class StreetOfficeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "street_office", "residents_committee"]
    list_filter = ["street_office"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "community", "sort_key"]
    list_filter = ["community"]


class OwnershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Ownership
    raw_id_fields = ["owner"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "community", "building", "area", "area_source", "status"]
    list_filter = ["community", "status", "area_source"]
    search_fields = ["code"]
    inlines = [OwnershipInline]


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "identifier", "community"]
    list_filter = ["community"]
    search_fields = ["name", "identifier"]


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: an import is confirmed or discarded on the roster pages, where it is audited."""

    list_display = ["file_name", "community", "status", "uploaded_by", "created_at", "decided_at"]
    list_filter = ["community", "status"]
    exclude = ["rows"]
    readonly_fields = ["community", "uploaded_by", "file_name", "sha256", "base_sha256", "status", "summary",
                       "created_at", "decided_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
