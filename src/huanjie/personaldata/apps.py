from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalDataConfig(AppConfig):
    name = "huanjie.personaldata"
    label = "personaldata"
    verbose_name = _("个人信息保护")
    default_auto_field = "django.db.models.BigAutoField"
