"""Erasing a community's re-election personal data once the law no longer needs it (PIPL art. 47).

Erased or pseudonymised: phone numbers (roster, frozen roster's phone digits, proxy holders,
staff on duty), owners' one-time access codes, visit notes, proxies' written instructions and
signed authorisations, ballot-paper signatures, eligibility evidence files (ID papers), and the
rows of old roster imports. Kept, because the law or a recount needs them: the ballots and their
choices, the counts, the published notices, the audit trail (never edited: its hash chain must
verify), the frozen roster's units and areas, with its owners replaced by the same pseudonyms
the published count files use (P00001, ...), so a recount gives the same result to the digit.

Only what belongs to the finished re-election is touched: records dated on or before the last
results announcement. One transaction per community: a failure anywhere erases nothing. Files
are deleted from storage only after the transaction commits.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huanjie import audit
from huanjie.accounts.models import OwnerAccessCode
from huanjie.candidates.models import EligibilityCheck
from huanjie.contingency.models import EventPlan
from huanjie.csvfiles import data_csv
from huanjie.jointoffice.models import DutySlot
from huanjie.personaldata.models import PurgeRun, RetentionPolicy
from huanjie.personaldata.retention import Retention, retention_of
from huanjie.privacy import mask_phone
from huanjie.roster.models import Community, ImportStatus, Owner, RosterImport
from huanjie.visits.models import Visit
from huanjie.voting.models import Assembly, Delivery, DeliveryOutcome, Proxy, SnapshotUnit, VotingEntity

logger = logging.getLogger(__name__)

ERASED_SIGNATURE = "（已删除）"  # a delivered paper keeps "signed for", no longer by whom
HOLDER_PSEUDONYM = "受托人%d"  # one per distinct holder of an assembly: the cap per holder still reads


@dataclass(frozen=True)
class Step:
    key: str
    label: Any  # lazy translation
    count: Callable[[], int]
    apply: Callable[[], None]


@dataclass(frozen=True)
class PurgeOutcome:
    community: Community
    announced_on: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


LABELS = {
    "roster_phones": _("业主名册手机号"),
    "access_codes": _("业主一次性登录码"),
    "voting_phone_digits": _("表决主体的手机号后四位"),
    "voting_unit_phone_digits": _("按房屋发票时各房屋业主的手机号后四位"),
    "frozen_roster_owners": _("冻结名册中的业主标识（改为化名）"),
    "proxy_holder_phones": _("受托人手机号（改为化名）"),
    "proxy_instructions": _("委托书中的委托事项"),
    "proxy_authorisations": _("签字委托书的照片或扫描件"),
    "delivery_signatures": _("表决票签收人及说明"),
    "visit_notes": _("走访情况记录"),
    "eligibility_files": _("资格审查证明材料（身份证明等）"),
    "roster_import_rows": _("已处理的名册导入文件内容"),
    "staff_phones": _("值班和应急负责人电话（遮盖）"),
}


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def steps(retention: Retention) -> list[Step]:
    """Everything a purge erases for this community, each with its count and its action."""
    community, policy = retention.community, retention.policy
    assert retention.announced_on is not None
    cutoff, until = retention.announced_on, end_of(retention.announced_on)
    assemblies = [a.pk for a in retention.assemblies]
    proxies = Proxy.objects.filter(community=community, assembly__in=assemblies)
    found: list[Step] = []

    def add(key: str, count: Callable[[], int], apply: Callable[[], None]) -> None:
        found.append(Step(key, LABELS[key], count, apply))

    def update(key: str, queryset: QuerySet[Any], /, **values: Any) -> None:
        add(key, queryset.count, lambda: queryset.update(**values) and None)

    phones = Owner.objects.filter(community=community).exclude(phone="")
    if not _roster_phones_kept(community, policy, until):
        update("roster_phones", phones, phone="")
    codes = OwnerAccessCode.objects.filter(community=community, issued_at__lte=until)
    add("access_codes", codes.count, lambda: codes.delete() and None)
    update(
        "voting_phone_digits",
        VotingEntity.objects.filter(assembly__in=assemblies).exclude(phone_tails=""),
        phone_tails="",
    )
    update(
        "voting_unit_phone_digits",
        SnapshotUnit.objects.filter(assembly__in=assemblies).exclude(phone_tails=""),
        phone_tails="",
    )
    add(
        "frozen_roster_owners",
        lambda: _pseudonymise_owners(retention.assemblies, write=False),
        lambda: _pseudonymise_owners(retention.assemblies, write=True) and None,
    )
    add(
        "proxy_holder_phones",
        lambda: _pseudonymise_holders(proxies, write=False),
        lambda: _pseudonymise_holders(proxies, write=True) and None,
    )
    update("proxy_instructions", proxies.exclude(instructions=""), instructions="")
    add(
        "proxy_authorisations",
        proxies.exclude(authorisation="").count,
        lambda: _erase_files(proxies.exclude(authorisation=""), "authorisation"),
    )
    deliveries = Delivery.objects.filter(assembly__in=assemblies)
    signed = deliveries.filter(outcome=DeliveryOutcome.DELIVERED).exclude(signed_by=ERASED_SIGNATURE)
    noted = deliveries.exclude(outcome=DeliveryOutcome.DELIVERED).exclude(note="")

    def erase_signatures() -> None:
        signed.update(signed_by=ERASED_SIGNATURE, relation="", note="")
        noted.update(note="")

    add("delivery_signatures", lambda: signed.count() + noted.count(), erase_signatures)
    update("visit_notes", Visit.objects.filter(community=community, visited_on__lte=cutoff).exclude(notes=""), notes="")
    evidence = EligibilityCheck.objects.filter(community=community, confirmed_at__lte=until).exclude(evidence_file="")
    add("eligibility_files", evidence.count, lambda: _erase_files(evidence, "evidence_file"))
    imports = (
        RosterImport.objects.filter(community=community, created_at__lte=until)
        .exclude(status=ImportStatus.PENDING)
        .exclude(rows=[])
    )
    update("roster_import_rows", imports, rows=[])
    add(
        "staff_phones",
        lambda: _mask_staff_phones(community, cutoff, write=False),
        lambda: _mask_staff_phones(community, cutoff, write=True) and None,
    )
    return found


def _roster_phones_kept(community: Community, policy: RetentionPolicy, until: datetime) -> bool:
    """The live roster's phones stay when the setting says so, or when a newer roster brought them."""
    newer = RosterImport.objects.filter(community=community, status=ImportStatus.APPLIED, decided_at__gt=until)
    return not policy.erase_roster_phones or newer.exists()


def plan_purge(retention: Retention) -> dict[str, int]:
    """What a purge would erase now, counted without writing anything (the dry run, the office page)."""
    if retention.announced_on is None:
        return {}
    return {step.key: step.count() for step in steps(retention)}


def purge_personal_data(
    *, community: Community, actor: Any, today: date, on_step: Callable[[str], None] | None = None
) -> PurgeOutcome:
    """Erase what the law no longer needs, in one transaction, with one audit record of the counts.

    Refused (PersonalDataError) before the earliest date, while a hold is set, or while an
    assembly's results are not announced.
    """
    with transaction.atomic():
        # Lock the community: two purges of one community run one after the other.
        community = Community.objects.select_for_update().get(pk=community.pk)
        retention = retention_of(community)
        refusal = retention.refusal(today)
        if refusal is not None:
            raise refusal
        assert retention.announced_on is not None
        counts: dict[str, int] = {}
        for step in steps(retention):
            counts[step.key] = step.count()
            if counts[step.key]:
                step.apply()
            if on_step is not None:
                on_step(step.key)
        _record(retention, counts, actor)
    return PurgeOutcome(community, retention.announced_on, counts)


def _record(retention: Retention, counts: dict[str, int], actor: Any) -> None:
    assert retention.announced_on is not None and retention.earliest is not None
    label = str(getattr(actor, "username", None) or actor or "system")
    PurgeRun.objects.create(
        community=retention.community,
        at=timezone.now(),
        actor_label=label,
        announced_on=retention.announced_on,
        counts=counts,
    )
    audit.record(
        "personaldata.purged",
        actor=actor,
        community_id=retention.community.pk,
        data={
            "announced_on": retention.announced_on,
            "earliest": retention.earliest,
            "months": retention.policy.months,
            "counts": counts,
        },
    )
    logger.info("personal data of %s purged: %s", retention.community.slug, counts)


def _erase_files(rows: QuerySet[Any], field: str) -> None:
    """Clear the file fields now; delete the files once the erasure has committed (a rollback keeps them)."""
    names = [name for name in rows.values_list(field, flat=True) if name]
    rows.update(**{field: ""})
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("personal data purge: could not delete file %s", name)


def owner_pseudonyms(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """P00001, ... in the order huanjie.voting.tallyfiles numbers owners, so recounts agree to the digit.

    `rows` are (unit code, ";"-joined owner identifiers) in frozen-roster order. Numbering is by
    first appearance, each unit's owners in sorted order: applied to its own output it gives the
    same numbers again, so pseudonymising twice changes nothing.
    """
    numbers: dict[str, str] = {}
    for _code, owners in rows:
        for owner in sorted(filter(None, owners.split(";"))):
            numbers.setdefault(owner, f"P{len(numbers) + 1:05d}")
    return numbers


def _pseudonymise_owners(assemblies: Iterable[Assembly], *, write: bool) -> int:
    changed = 0
    for assembly in assemblies:
        units = list(SnapshotUnit.objects.filter(assembly=assembly).order_by("position"))
        numbers = owner_pseudonyms((unit.code, unit.owners) for unit in units)
        for unit in units:
            renamed = ";".join(sorted(numbers[o] for o in unit.owners.split(";") if o))
            if renamed != unit.owners:
                changed += 1
                if write:
                    SnapshotUnit.objects.filter(pk=unit.pk).update(owners=renamed)
        if write and assembly.roster_csv:
            # roster_sha256 stays: it is the fingerprint of the roster as published before the purge.
            Assembly.objects.filter(pk=assembly.pk).update(roster_csv=_renamed_csv(assembly.roster_csv, numbers))
    return changed


def _renamed_csv(text: str, numbers: dict[str, str]) -> str:
    bom = text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows = []
    for n, row in enumerate(reader):
        if n and len(row) > 3:
            row[3] = ";".join(sorted(numbers.get(o, o) for o in row[3].split(";") if o))
        rows.append(row)
    return data_csv(rows, line_end="\r\n", bom=bom)


def _pseudonymise_holders(proxies: QuerySet[Proxy], *, write: bool) -> int:
    """Each holder's phone becomes 受托人1, 受托人2, ... per assembly: one holder stays one holder."""
    prefix = HOLDER_PSEUDONYM[:3]
    rows = list(
        proxies.exclude(holder_phone__startswith=prefix)
        .order_by("assembly_id", "pk")
        .values_list("pk", "assembly_id", "holder_phone")
    )
    numbers: dict[tuple[int, str], str] = {}
    last: dict[int, int] = {}
    for pk, assembly_id, phone in rows:
        if assembly_id not in last:  # numbering goes on after holders a previous purge renamed
            last[assembly_id] = (
                proxies.filter(assembly_id=assembly_id, holder_phone__startswith=prefix)
                .values("holder_phone")
                .distinct()
                .count()
            )
        if (assembly_id, phone) not in numbers:
            last[assembly_id] += 1
            numbers[(assembly_id, phone)] = HOLDER_PSEUDONYM % last[assembly_id]
        if write:
            Proxy.objects.filter(pk=pk).update(holder_phone=numbers[(assembly_id, phone)])
    return len(rows)


def _mask_staff_phones(community: Community, cutoff: date, *, write: bool) -> int:
    changed = 0
    plans = EventPlan.objects.filter(community=community, starts_at__lte=end_of(cutoff)).exclude(
        Q(commander_phone__contains="*") | Q(commander_phone="")
    )
    for pk, phone in plans.values_list("pk", "commander_phone"):
        changed += 1
        if write:
            EventPlan.objects.filter(pk=pk).update(commander_phone=mask_phone(phone) or "*")
    slots = DutySlot.objects.filter(community=community, day__lte=cutoff).exclude(Q(phone__contains="*") | Q(phone=""))
    for pk, phone in slots.values_list("pk", "phone"):
        changed += 1
        if write:
            DutySlot.objects.filter(pk=pk).update(phone=mask_phone(phone) or "*")
    return changed
