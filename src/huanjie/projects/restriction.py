"""The restriction on the sitting committee while it is being re-elected (《上海市住宅物业管理规定》第二十八条).

From the working group's formation until the new committee is elected, the sitting committee may
not decide on hiring or dismissing the property company or on major spending: a practical project
that spends the maintenance fund or changes the property manager, decided by the sitting committee,
is refused then unless the street office has recorded its consent to it. The rule itself is
`huanjie.rules.procedure.restricted_during_reelection`; this module reads the community's state.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from huanjie.projects.errors import ConsentNotForThis, RestrictedDuringReelection
from huanjie.projects.models import Funding, ReelectionConsent
from huanjie.reelection.models import Reelection
from huanjie.reelection.selectors import current_reelection
from huanjie.rules.procedure import reelection_under_way, restricted_during_reelection
from huanjie.rules.timeline import Stage
from huanjie.voting.models import AssemblyStatus


def reelection_in_progress(community_id: int) -> Reelection | None:
    """The community's re-election while it restricts the sitting committee: its working group is formed
    (the progress ledger says so) and no assembly of it has been counted yet."""
    reelection = current_reelection(community_id)
    if reelection is None:
        return None
    done = {progress.stage for progress in reelection.progress.all()}
    elected = Stage.COUNTING in done or reelection.assemblies.filter(status=AssemblyStatus.COUNTED).exists()
    if not reelection_under_way(working_group_formed=Stage.WORKING_GROUP in done, committee_elected=elected):
        return None
    return reelection


def check_restriction(*, community_id: int, title: str, funding: str, changes_manager: bool,
                      by_sitting_committee: bool, consent: ReelectionConsent | None) -> None:
    """Refuse the project when SH art. 28 holds the sitting committee back and the street office has not consented."""
    reelection = reelection_in_progress(community_id)
    if consent is not None and (reelection is None or consent.reelection_id != reelection.pk
                                or consent.community_id != community_id):
        raise ConsentNotForThis()
    fund = funding == Funding.MAINTENANCE_FUND
    if restricted_during_reelection(spends_maintenance_fund=fund, changes_manager=changes_manager,
                                    by_sitting_committee=by_sitting_committee,
                                    reelection_under_way=reelection is not None,
                                    street_office_consent=consent is not None):
        matters = [str(Funding.MAINTENANCE_FUND.label)] * fund + [_("选聘或解聘物业服务企业")] * changes_manager
        raise RestrictedDuringReelection(title=title, matter="（" + "、".join(matters) + "）")

