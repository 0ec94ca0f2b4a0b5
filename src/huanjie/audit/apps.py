from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "huanjie.audit"
    verbose_name = _("留痕")

    def ready(self) -> None:
        checks.register(checkpoint_key_usable)


def checkpoint_key_usable(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A key file that exists or is named must be usable; the default one may still be missing (made on first use)."""
    from huanjie.audit.errors import AuditError
    from huanjie.audit.signing import installation_key

    try:
        installation_key(create=False)
    except AuditError as error:
        return [checks.Error(str(error), hint="docs/audit.md, README: 部署", id="huanjie.audit.E001")]
    return []
