"""Read-mostly admin: ballots and custody change only through the services (and their audit)."""

from __future__ import annotations

from django.contrib import admin

from huanjie.voting.models import (
    Assembly,
    Ballot,
    BallotBox,
    Contest,
    CountResult,
    Delivery,
    DoorCollection,
    PaperReading,
    Proxy,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Assembly)
class AssemblyAdmin(ReadOnly):
    list_display = ["title", "community", "status", "opens_at", "closes_at", "eligible_headcount"]
    list_filter = ["status"]


@admin.register(Contest)
class ContestAdmin(ReadOnly):
    list_display = ["title", "assembly", "kind", "matter"]


@admin.register(Ballot)
class BallotAdmin(ReadOnly):
    list_display = ["pk", "assembly", "entity", "channel", "status", "received_at"]
    list_filter = ["channel", "status"]


@admin.register(BallotBox)
class BallotBoxAdmin(ReadOnly):
    list_display = ["label", "assembly", "seal_number", "status", "sealed_at", "opened_at"]


@admin.register(PaperReading)
class PaperReadingAdmin(ReadOnly):
    list_display = ["paper", "assembly", "box", "status"]


@admin.register(CountResult)
class CountResultAdmin(ReadOnly):
    list_display = ["assembly", "counted_at", "counted_by"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["paper", "assembly", "outcome", "delivered_by", "delivered_at", "signed_by", "reason"]
    list_filter = ["outcome"]


@admin.register(Proxy)
class ProxyAdmin(ReadOnly):
    list_display = ["entity", "assembly", "holder_name", "status", "slot", "recorded_at"]
    list_filter = ["status"]


@admin.register(DoorCollection)
class DoorCollectionAdmin(ReadOnly):
    list_display = ["ballot", "assembly", "first_collector", "second_collector", "collected_at"]
