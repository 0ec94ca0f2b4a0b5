from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "huanjie.candidates"
    verbose_name = _("候选人")

    def ready(self) -> None:
        # An upheld objection to a listed candidate withdraws the candidate (notices.signals).
        from huanjie.candidates import receivers  # noqa: F401
