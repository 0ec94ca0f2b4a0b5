"""Which version of the community's rules is in force, and the versions on record."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from huanjie.charter.models import CharterDocument, DocumentKind


def documents(community_id: int) -> QuerySet[CharterDocument]:
    """Every version on record, the rules of procedure first, the newest first."""
    return CharterDocument.objects.filter(community_id=community_id).select_related("assembly")


def in_force(community_id: int, kind: DocumentKind, *, on: date) -> CharterDocument | None:
    """The version adopted last on or before `on` (a later one replaces it from its adoption day)."""
    return (CharterDocument.objects.filter(community_id=community_id, kind=kind, adopted_on__lte=on)
            .order_by("-adopted_on", "-pk").first())


def rules_of_procedure_in_force(community_id: int, *, on: date) -> CharterDocument | None:
    return in_force(community_id, DocumentKind.RULES_OF_PROCEDURE, on=on)


def current_versions(community_id: int, *, on: date) -> list[CharterDocument]:
    """The version in force of each kind there is one of: what owners read and the filing pack carries."""
    found = (in_force(community_id, kind, on=on) for kind in DocumentKind)
    return [document for document in found if document is not None]


def small_committee_basis(community_id: int, *, on: date) -> str:
    """The rules of procedure in force as the recorded basis of a three-member committee (《上海市住宅物业管理规定》
    第二十条, a community under 10,000 m²) when they provide for one; "" when they do not."""
    rules = rules_of_procedure_in_force(community_id, on=on)
    if rules is None or not rules.small_committee:
        return ""
    return _("%(rules)s规定业主委员会由三人组成") % {"rules": rules.citation}
