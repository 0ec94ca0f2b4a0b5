from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "huanjie.voting"
    label = "voting"
    verbose_name = _("表决")
    default_auto_field = "django.db.models.BigAutoField"
