"""A community's rules of procedure on record, as the tests' communities adopted them."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile

from huanjie.charter.models import CharterDocument, DocumentKind
from huanjie.roster.models import Community


def adopt_rules_of_procedure(community: Community, *, version: str = "2020年版", adopted_on: date = date(2020, 6, 1),
                             **settings: object) -> CharterDocument:
    """A rules of procedure on record, adopted with online voting unless `settings` say otherwise."""
    settings = {"online_voting": True, "online_voting_decision": "首次业主大会第1项表决事项", **settings}
    text = f"{community.name}业主大会议事规则（{version}）\n第一条 业主大会会议可以采用网上表决。\n".encode()
    return CharterDocument.objects.create(
        community=community, kind=DocumentKind.RULES_OF_PROCEDURE, version=version, adopted_on=adopted_on,
        adopted_by="首次业主大会", file=ContentFile(text, name="rules.txt"), content_type="text/plain; charset=utf-8",
        sha256=hashlib.sha256(text).hexdigest(), **settings)
