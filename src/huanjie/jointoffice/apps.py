from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointofficeConfig(AppConfig):
    name = "huanjie.jointoffice"
    verbose_name = _("合署办公")
