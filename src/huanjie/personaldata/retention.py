"""From when a community's personal data may be erased: its assemblies' announcements and its setting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.holidays.selectors import app_calendar
from huanjie.notices.models import NoticeStatus
from huanjie.personaldata.errors import (
    NothingAnnounced,
    PersonalDataError,
    PurgeHolidaysNotVerified,
    PurgeOnHold,
    PurgeTooEarly,
)
from huanjie.personaldata.models import RetentionPolicy
from huanjie.roster.models import Community
from huanjie.rules.restdays import HolidaysNotVerified
from huanjie.rules.retention import earliest_purge_date, retention_anchor
from huanjie.voting.models import Assembly, AssemblyStatus


@dataclass(frozen=True)
class Retention:
    community: Community
    policy: RetentionPolicy  # unsaved when the community keeps the default
    assemblies: tuple[Assembly, ...]  # every assembly that opened voting: their data is what a purge erases
    announced_on: date | None  # the latest results announcement; None while one is missing
    earliest: date | None
    blocker: str  # why there is no date yet ("" when there is one)
    unverified_year: int | None = None  # the challenge period ends in a year the holiday calendar lacks

    def refusal(self, today: date) -> PersonalDataError | None:
        """Why a purge may not run today, or None when it may."""
        name = self.community.name
        if self.unverified_year is not None:
            return PurgeHolidaysNotVerified(community=name, year=self.unverified_year)
        if self.earliest is None or self.announced_on is None:
            return NothingAnnounced(community=name, reason=self.blocker)
        if self.policy.hold_reason:
            return PurgeOnHold(community=name, reason=self.policy.hold_reason)
        if today < self.earliest:
            return PurgeTooEarly(
                community=name,
                earliest=self.earliest.isoformat(),
                today=today.isoformat(),
                announced=self.announced_on.isoformat(),
            )
        return None


def policy_of(community: Community) -> RetentionPolicy:
    return RetentionPolicy.objects.filter(community=community).first() or RetentionPolicy(community=community)


def announced_on(assembly: Assembly) -> date | None:
    """The day the assembly's results announcement (结果公告) was published, if it is in force."""
    notice = assembly.final_notice
    if notice is None or notice.status != NoticeStatus.PUBLISHED:
        return None
    return notice.published_on


def retention_of(community: Community) -> Retention:
    policy = policy_of(community)
    assemblies = tuple(
        Assembly.objects.filter(community=community)
        .exclude(status=AssemblyStatus.DRAFT)
        .select_related("final_notice")
        .order_by("opens_at", "pk")
    )
    days = [announced_on(assembly) for assembly in assemblies]
    anchor = retention_anchor(days)
    blocker = ""
    if not assemblies:
        blocker = _("还没有召开过业主大会，没有到期的换届个人信息。")
    elif anchor is None:
        waiting = next(a for a, day in zip(assemblies, days, strict=True) if day is None)
        blocker = _("业主大会“%(title)s”尚未发布选举结果公告。") % {"title": waiting.title}
    earliest, unverified = None, None
    if anchor is not None:
        try:
            earliest = earliest_purge_date(anchor, policy.months, calendar=app_calendar())
        except HolidaysNotVerified as missing:
            unverified = missing.year
    return Retention(community, policy, assemblies, anchor, earliest, blocker, unverified)


@transaction.atomic
def set_retention(
    *, community: Community, months: int, erase_roster_phones: bool, hold_reason: str, actor: object
) -> RetentionPolicy:
    """The community's own retention setting (the street office decides), with its audit record."""
    policy = RetentionPolicy.objects.select_for_update().filter(community=community).first()
    before = None
    if policy is None:
        policy = RetentionPolicy(community=community)
    else:
        before = {
            "months": policy.months,
            "erase_roster_phones": policy.erase_roster_phones,
            "hold_reason": policy.hold_reason,
        }
    policy.months, policy.erase_roster_phones, policy.hold_reason = months, erase_roster_phones, hold_reason.strip()
    policy.updated_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    policy.full_clean()
    policy.save()
    audit.record(
        "personaldata.retention.changed",
        actor=actor,
        target=policy,
        data={
            "before": before,
            "after": {"months": months, "erase_roster_phones": erase_roster_phones, "hold_reason": policy.hold_reason},
        },
    )
    return policy
