from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "huanjie.roster"
    verbose_name = _("业主名册")
