from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "huanjie.ledgers"
    verbose_name = _("诉求台账")
