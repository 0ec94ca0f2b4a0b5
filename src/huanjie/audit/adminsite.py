"""The Django admin, read-only for every model: a change made there would leave no audit record.

A superuser once changed a published notice's text and granted a role in another community from
/admin/, and the chain knew nothing of it. Every change of the app's data goes through a service
that writes its audit record in the same transaction; the admin calls no service. So the admin
site registers every model admin — ours and Django's own (users, groups) — wrapped read-only: no
add, change or delete permission, no actions, inlines read-only too. It stays for looking things up
in an emergency. `tests/audit/test_admin_read_only.py` walks every registered model to prove it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class ReadOnly:
    """Mixed in before any ModelAdmin or InlineModelAdmin: the permissions that write are never granted."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}  # an action may write whatever it likes: none is offered


def read_only(admin_class: type[Any]) -> type[Any]:
    attributes: dict[str, Any] = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    if getattr(admin_class, "inlines", None):
        attributes["inlines"] = [read_only(inline) for inline in admin_class.inlines]
    return type(f"ReadOnly{admin_class.__name__}", (ReadOnly, admin_class), attributes)


class ReadOnlyAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, read_only(admin_class or admin.ModelAdmin), **options)


class ReadOnlyAdminConfig(AdminConfig):
    """In INSTALLED_APPS instead of django.contrib.admin: the same app, with the read-only site as admin.site."""

    default_site = "huanjie.audit.adminsite.ReadOnlyAdminSite"
