from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "huanjie.voting"
    label = "voting"
    verbose_name = _("表决")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, pre_migrate

        from huanjie.voting import ties

        # SQLite's ballot ties are triggers, made again after every migrate (see huanjie.voting.ties).
        pre_migrate.connect(ties.before_migrate, sender=self, dispatch_uid="voting-untie")
        post_migrate.connect(ties.after_migrate, sender=self, dispatch_uid="voting-tie")
