from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContingencyConfig(AppConfig):
    name = "huanjie.contingency"
    verbose_name = _("应急预案")
