"""Recording a version of the rules of procedure or the covenant the owners adopted."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from huanjie import audit, uploads
from huanjie.charter.errors import (
    AdoptedInFuture,
    AdoptionMissing,
    AssemblyElsewhere,
    OnlineVotingNeedsDecision,
    SettingsOnlyInRules,
    UnknownSetting,
    VersionExists,
)
from huanjie.charter.files import checked_document
from huanjie.charter.models import CharterDocument, DocumentKind
from huanjie.roster.models import Community
from huanjie.voting.models import Assembly, EntityJoin, WriteIn

Actor = AbstractBaseUser | None


@dataclass(frozen=True)
class Settings:
    """What the count and the vote read from a rules of procedure (a covenant keeps the defaults)."""

    online_voting: bool = False
    online_voting_decision: str = ""
    join: str = EntityJoin.IDENTICAL_OWNERS
    write_in: str = WriteIn.IGNORE_NAME
    small_committee: bool = False

    @property
    def departs_from_defaults(self) -> bool:
        return (self.online_voting or self.small_committee or self.join != EntityJoin.IDENTICAL_OWNERS
                or self.write_in != WriteIn.IGNORE_NAME)

    def checked(self, kind: DocumentKind) -> Settings:
        for value, allowed in ((self.join, EntityJoin.values), (self.write_in, WriteIn.values)):
            if value not in allowed:
                raise UnknownSetting(value=value)
        if kind != DocumentKind.RULES_OF_PROCEDURE and self.departs_from_defaults:
            raise SettingsOnlyInRules()
        decision = " ".join(self.online_voting_decision.split())
        if self.online_voting and not decision:
            raise OnlineVotingNeedsDecision()
        return Settings(self.online_voting, decision if self.online_voting else "", self.join, self.write_in,
                        self.small_committee)


@transaction.atomic
def add_document(*, community: Community, kind: str, version: str, adopted_on: date, adopted_by: str,
                 upload: UploadedFile, actor: Actor, assembly: Assembly | None = None,
                 settings: Settings = Settings(), today: date | None = None) -> CharterDocument:
    """A version the owners adopted, with its text; refused if already on record, not yet adopted, or
    with settings a covenant cannot have."""
    kind = DocumentKind(kind)
    version, adopted_by = " ".join(version.split()), " ".join(adopted_by.split())
    if not version or not adopted_by:
        raise AdoptionMissing()
    if CharterDocument.objects.filter(community=community, kind=kind, version=version).exists():
        raise VersionExists(kind=kind.label, version=version)
    if adopted_on > (today or timezone.localdate()):
        raise AdoptedInFuture(day=f"{adopted_on:%Y-%m-%d}")
    if assembly is not None and assembly.community_id != community.pk:
        raise AssemblyElsewhere()
    settings = settings.checked(kind)
    file_kind = checked_document(upload)
    digest = _sha256(upload)
    upload.name = uploads.stored_name(file_kind)
    document = CharterDocument.objects.create(
        community=community, kind=kind, version=version, adopted_on=adopted_on, adopted_by=adopted_by,
        assembly=assembly, file=upload, content_type=file_kind.content_type, sha256=digest,
        online_voting=settings.online_voting, online_voting_decision=settings.online_voting_decision,
        join=settings.join, write_in=settings.write_in, small_committee=settings.small_committee,
        uploaded_by=actor if getattr(actor, "pk", None) else None)
    audit.record("charter.document.added", actor=actor, target=document, data={"after": {
        "kind": kind.value, "version": version, "adopted_on": adopted_on, "adopted_by": adopted_by,
        "assembly": assembly.pk if assembly else None, "sha256": digest, "bytes": upload.size,
        "online_voting": settings.online_voting, "online_voting_decision": settings.online_voting_decision,
        "join": settings.join, "write_in": settings.write_in, "small_committee": settings.small_committee}})
    return document


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
