from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReelectionConfig(AppConfig):
    name = "huanjie.reelection"
    verbose_name = _("换届改选")
