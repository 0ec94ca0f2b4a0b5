from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "huanjie.charter"
    verbose_name = _("议事规则与管理规约")
