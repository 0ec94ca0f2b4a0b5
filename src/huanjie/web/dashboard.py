"""The community dashboard's headline figures: one glance at every part of the re-election."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from huanjie.ledgers.selectors import counts as demand_counts
from huanjie.roster.models import Community
from huanjie.rules.shares import percent
from huanjie.rules.thresholds import TWO_THIRDS
from huanjie.visits.selectors import coverage
from huanjie.voting.models import Assembly, AssemblyStatus
from huanjie.voting.selectors import turnout
from huanjie.web.charts import Bar, bar_chart


@dataclass(frozen=True)
class VotingPanel:
    assembly: Assembly
    headcount: int
    eligible_headcount: int
    area: Decimal
    eligible_area: Decimal
    quorum_met: bool
    missing_heads: int
    missing_area: Decimal
    chart: SafeString


@dataclass(frozen=True)
class Panels:
    visits_reached: int
    visits_units: int
    visits_share: Fraction
    demands_total: int
    demands_open: int
    demands_overdue: int
    voting: VotingPanel | None


def _percent(part: Fraction) -> str:
    return percent(part, 1)  # display only: huanjie.rules.shares, the rule of every page


def voting_panel(community: Community) -> VotingPanel | None:
    """The assembly now voting (or the latest one): turnout against the two-thirds quorum."""
    assembly = (Assembly.objects.filter(community=community)
                .exclude(status=AssemblyStatus.DRAFT).order_by("-opens_at").defer("roster_csv").first())
    if assembly is None:
        return None
    now = turnout(assembly)
    heads = Fraction(now.participating.headcount, now.eligible.headcount or 1)
    area = Fraction(now.participating.area) / Fraction(now.eligible.area or 1)
    chart = bar_chart([
        Bar(_("参与人数"), heads, f"{now.participating.headcount} / {now.eligible.headcount}（{_percent(heads)}）"),
        Bar(_("参与面积"), area, f"{_percent(area)}"),
        Bar(_("法定比例"), TWO_THIRDS, _("三分之二")),
    ], title=_("表决参与情况"), maximum=Fraction(1))
    return VotingPanel(assembly, now.participating.headcount, now.eligible.headcount, now.participating.area,
                       now.eligible.area, now.quorum_met, now.missing_heads, now.missing_area, chart)


def panels(community: Community, *, today: date) -> Panels:
    reach = coverage(community)
    demands = demand_counts(community, today=today)
    closed = demands.by_status.get("closed", 0)
    return Panels(reach.reached, reach.units, reach.share, demands.total, demands.total - closed,
                  demands.overdue, voting_panel(community))
