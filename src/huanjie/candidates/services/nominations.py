"""Nominations (self, joint, residents' committee) and the arrears list used in the eligibility check."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.candidates.errors import (
    AlreadyNominated,
    ArrearsImportRejected,
    ConsentRequired,
    NotAnOwnerHere,
    RecruitmentClosed,
    SupporterRejected,
    TooFewSupporters,
)
from huanjie.candidates.models import (
    ArrearsEntry,
    Candidate,
    EligibilityCheck,
    Nomination,
    NominationMethod,
    Recruitment,
    Supporter,
)
from huanjie.roster.models import Owner, Ownership, Unit
from huanjie.rules.eligibility import Condition, owner_met

Actor = AbstractBaseUser | None


@dataclass(frozen=True)
class Profile:
    gender: str
    age_band: str
    occupation: str
    party_member: bool
    skills: list[str] = field(default_factory=list)
    time_available: str = ""
    statement: str = ""


def _ensure_owner(recruitment: Recruitment, owner: Owner, unit: Unit) -> None:
    """GR art. 31: an owner of this community — checked against the roster, not taken on trust."""
    owners_of_unit = Ownership.objects.filter(community_id=recruitment.community_id, unit=unit) \
        .values_list("owner__identifier", flat=True)
    if (owner.community_id != recruitment.community_id or unit.community_id != recruitment.community_id
            or not owner_met(owner.identifier, owners_of_unit)):
        raise NotAnOwnerHere(name=owner.name, unit=unit.code)


def _check_supporters(recruitment: Recruitment, unit: Unit, supporters: Sequence[Unit]) -> None:
    seen: set[int] = set()
    for supporter in supporters:
        if supporter.community_id != recruitment.community_id:
            raise SupporterRejected(code=supporter.code, reason=_("不是本小区的房号"))
        if supporter.pk == unit.pk:
            raise SupporterRejected(code=supporter.code, reason=_("被推荐人本人的房屋不计入联名"))
        if supporter.pk in seen:
            raise SupporterRejected(code=supporter.code, reason=_("重复"))
        seen.add(supporter.pk)
    if len(seen) < recruitment.joint_minimum:
        raise TooFewSupporters(need=recruitment.joint_minimum, have=len(seen))


@transaction.atomic
def nominate(*, recruitment: Recruitment, owner: Owner, unit: Unit, method: str, channel: str, profile: Profile,
             consent: bool, actor: Actor, supporters: Sequence[Unit] = ()) -> Nomination:
    """Record a nomination and open its candidate's review, with the roster check already done."""
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    if recruitment.candidate_notice_id is not None:
        raise RecruitmentClosed()
    _ensure_owner(recruitment, owner, unit)
    earlier = Nomination.objects.filter(recruitment=recruitment, owner=owner).first()
    if earlier is not None:
        raise AlreadyNominated(name=owner.name, when=f"{timezone.localtime(earlier.submitted_at):%Y-%m-%d}",
                               method=earlier.get_method_display())
    if not consent:
        raise ConsentRequired()
    if method == NominationMethod.JOINT:
        _check_supporters(recruitment, unit, supporters)
    nomination = Nomination.objects.create(
        community_id=recruitment.community_id, recruitment=recruitment, owner=owner, unit=unit, method=method,
        channel=channel, entered_by=actor, consent_to_publish=True, **asdict(profile))
    if method == NominationMethod.JOINT:
        Supporter.objects.bulk_create([Supporter(community_id=recruitment.community_id, nomination=nomination,
                                                 unit=s) for s in supporters])
    candidate = Candidate.objects.create(community_id=recruitment.community_id, recruitment=recruitment,
                                         nomination=nomination)
    EligibilityCheck.objects.create(
        community_id=recruitment.community_id, candidate=candidate, condition=Condition.OWNER, met=True,
        evidence=_("业主名册：房号 %(unit)s 登记业主 %(name)s") % {"unit": unit.code, "name": owner.name},
        confirmed_by=None, confirmed_at=timezone.now())
    audit.record("candidates.nominated", actor=actor, target=nomination, data={"after": {
        "owner": owner.identifier, "unit": unit.code, "method": method, "channel": channel,
        "supporters": [s.code for s in supporters]}})
    return nomination


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("第 %(row)s 行“%(column)s”列：%(reason)s") % {"row": self.row, "column": self.column,
                                                         "reason": self.reason}


ARREARS_COLUMNS = ("房号", "欠费金额", "说明")


def _parse_arrears(recruitment: Recruitment, text: str) -> tuple[list[ArrearsEntry], list[ImportProblem]]:
    units = {u.code: u for u in Unit.objects.filter(community_id=recruitment.community_id)}
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [c.strip() for c in rows[0][:2]] != list(ARREARS_COLUMNS[:2]):
        return [], [ImportProblem(1, "房号", _("第一行应为表头：房号,欠费金额,说明"))]
    entries: list[ArrearsEntry] = []
    problems: list[ImportProblem] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[0].strip()
        raw = row[1].strip() if len(row) > 1 else ""
        unit = units.get(code)
        if unit is None:
            problems.append(ImportProblem(number, "房号", _("本小区名册中没有房号“%(code)s”") % {"code": code}))
        elif code in seen:
            problems.append(ImportProblem(number, "房号", _("房号“%(code)s”重复") % {"code": code}))
        seen.add(code)
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = Decimal("-1")
        if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            problems.append(ImportProblem(number, "欠费金额",
                                          _("“%(raw)s”不是大于零、最多两位小数的金额") % {"raw": raw}))
        elif unit is not None:
            entries.append(ArrearsEntry(community_id=recruitment.community_id, recruitment=recruitment, unit=unit,
                                        amount=amount, note=(row[2].strip() if len(row) > 2 else "")[:200]))
    return entries, problems


@transaction.atomic
def import_arrears(*, recruitment: Recruitment, text: str, actor: Actor) -> int:
    """Replace the arrears list with a CSV (房号,欠费金额,说明); any bad row rejects the whole file."""
    entries, problems = _parse_arrears(recruitment, text)
    if problems:
        raise ArrearsImportRejected(count=len(problems), problems="；".join(str(p) for p in problems[:20]))
    before = recruitment.arrears.count()
    recruitment.arrears.all().delete()
    ArrearsEntry.objects.bulk_create(entries)
    audit.record("candidates.arrears.imported", actor=actor, target=recruitment, data={
        "before": {"rows": before}, "after": {"rows": len(entries), "total": str(sum(e.amount for e in entries))}})
    return len(entries)
