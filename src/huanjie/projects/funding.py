"""Whether a motion of the owners' assembly allows spending the maintenance fund.

Civil Code art. 278 ¶1 (5): using the maintenance fund is decided by the owners jointly. The
decision counts only once it was counted and passed; the thresholds themselves were applied
by huanjie.rules when the assembly was counted, and its stored result is read here as is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from huanjie.rules import Matter
from huanjie.voting.models import Contest, ContestKind, CountResult

FUND_MATTERS = frozenset({Matter.USE_MAINTENANCE_FUND.spec_name})


def motion_refusal(motion: Contest, community_id: int) -> str | None:
    """Why `motion` cannot justify spending the maintenance fund; None when it can."""
    if motion.community_id != community_id:
        return _("不属于本小区")
    if motion.kind != ContestKind.MOTION:
        return _("是选举，不是表决事项")
    if motion.matter not in FUND_MATTERS:
        return _("不是“使用建筑物及其附属设施的维修资金”事项")
    result = CountResult.objects.filter(assembly_id=motion.assembly_id).first()
    if result is None:
        return _("所在的业主大会尚未计票")
    outcome = next((c for c in result.data.get("contests", []) if c.get("id") == motion.spec_id), None)
    if outcome is None or not outcome.get("passed"):
        return _("未获通过")
    return None


def passed_fund_motions(community_id: int) -> list[Contest]:
    """The community's counted, passed motions to use the maintenance fund, for the project form."""
    motions = (Contest.objects.filter(community_id=community_id, kind=ContestKind.MOTION, matter__in=FUND_MATTERS)
               .select_related("assembly"))
    return [m for m in motions if motion_refusal(m, community_id) is None]
