"""The demo's owners' assembly: in its voting window, with online and door-to-door ballots.

About a third of the households have voted online and a fifth have handed their paper to two
members of the working group at the door, so turnout is short of the two-thirds quorum and the
quorum-gap page has doors to show. The demo owner's household has not voted yet: its paper's
voting code is DEMO_VOTING_CODE, to try voting on a phone at /vote/.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from huanjie.demo.progress import mark_done
from huanjie.demo.timeline import DemoTimeline
from huanjie.demo.users import DEMO_OWNER_UNIT
from huanjie.reelection.models import Reelection
from huanjie.reelection.services import schedule_assembly
from huanjie.roster.models import Community
from huanjie.rules import Answer
from huanjie.rules.timeline import Stage
from huanjie.voting.codes import voting_code_digest
from huanjie.voting.models import Assembly, BallotPaper, Channel, ContestKind, DeliveryOutcome, UndeliverableReason
from huanjie.voting.services import (
    add_contest,
    cast_online_ballot,
    create_assembly,
    issue_voting_codes,
    open_voting,
    record_paper_ballot,
    seal_box,
)
from huanjie.voting.services.delivery import record_delivery

# Fictional community only: the demo owner's sheet carries this code instead of the one printed.
# Real codes come from issue_voting_codes, once.
DEMO_VOTING_CODE = "WYH2026V"
CANDIDATES = ["周建华", "吴秀英", "郑国强", "王丽娟", "冯志明", "陈晓燕", "褚卫东"]
SEATS = 5
ONLINE_SHARE, DOOR_SHARE = 0.34, 0.2
UNDELIVERABLE_SHARE = 0.05  # of the papers
COUNTING_PLACE = "小区会所一楼活动室"
LIFT_MOTION = "使用专项维修资金更换 3 号楼、5 号楼电梯"


def ballot_candidates(community: Community) -> list[str]:
    """The final candidate list of the candidates demo, in its order; the fixed names when there is none."""
    from huanjie.candidates.selectors import final_candidates
    from huanjie.reelection.models import Reelection

    reelection = Reelection.objects.filter(community=community).first()
    final = [c.name for c in final_candidates(reelection)] if reelection else []
    return final or CANDIDATES


def load_voting(community: Community, timeline: DemoTimeline) -> Assembly:
    """The meeting announced fifteen days before the first day of voting; the vote opened on that day, the
    papers handed out door to door that day, the online and door-to-door ballots since."""
    staff = get_user_model().objects.get(username="xiaozu")
    reelection = Reelection.objects.get(community=community)
    names = ballot_candidates(community)
    opens, closes = timeline.voting_opens, timeline.voting_closes
    _announce(reelection, staff, timeline)
    mark_done(reelection, Stage.ASSEMBLY_NOTICE, timeline.assembly_announced, staff)
    schedule_assembly(reelection=reelection, assembly_date=timeline.voting_last_day, actor=staff)
    assembly = create_assembly(community=community, title="五月花生活广场第二届业主委员会选举业主大会",
                               opens_at=opens, closes_at=closes, counting_place=COUNTING_PLACE, reelection=reelection,
                               actor=staff)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举第二届业主委员会委员", seats=min(SEATS, len(names)), candidates=names, actor=staff)
    add_contest(assembly=assembly, spec_id="lift-fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title=LIFT_MOTION, actor=staff)
    seal_box(assembly=assembly, label="1号票箱", seal_number="WYH-F-001", sealed_before="赵阿姨、钱师傅",
             actor=staff, now=opens - timedelta(minutes=30))
    open_voting(assembly=assembly, actor=staff, now=opens)
    issue_voting_codes(assembly=assembly, actor=staff, now=opens)  # printed once, then handed out
    last = _deliver(assembly, staff, opens)
    mark_done(reelection, Stage.BALLOTS_DELIVERED, last, staff)
    _cast(assembly, staff, opens, names)
    return assembly


def _announce(reelection: Reelection, staff: AbstractBaseUser, timeline: DemoTimeline) -> None:
    """The meeting announced fifteen days before the first day of voting (《物业管理条例》第十四条); the roster and
    rules went up with the candidate list (demo/candidates.py)."""
    from huanjie.notices import drafts
    from huanjie.notices.services import publish_notice

    plan = drafts.AssemblyPlan(voting_from=timeline.voting_opens, voting_until=timeline.voting_closes,
                               place=COUNTING_PLACE, form="书面征求意见（纸质表决票与网上投票相结合）",
                               agenda=("选举第二届业主委员会委员", LIFT_MOTION))
    meeting = drafts.draft_election_notice(reelection=reelection, meeting=plan, actor=staff)
    publish_notice(notice=meeting, actor=staff, today=timeline.assembly_announced,
                   now=timeline.at(timeline.assembly_announced, 9))


def _deliver(assembly: Assembly, staff: object, opens: datetime) -> date:
    """The papers handed out door to door on the first day of voting, by three pairs from 08:30 to about
    20:00: most signed for, a few households not reached (nobody home, empty, refused). The day they finished."""
    rng = random.Random(20261127)
    papers = BallotPaper.objects.filter(assembly=assembly).select_related("entity").order_by("serial")
    last = opens
    for i, paper in enumerate(papers):
        roll = rng.random()
        if paper.entity.developer:
            continue
        at = opens + timedelta(minutes=30 + i * 4 // 3, seconds=rng.randrange(0, 60))
        last = max(last, at)
        if roll < 1 - UNDELIVERABLE_SHARE:
            relation = rng.choices(["本人", "配偶", "子女", "租户（已告知业主）"], weights=[12, 5, 3, 1])[0]
            signer = rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["先生", "女士", "阿姨", "师傅"])
            record_delivery(paper=paper, outcome=DeliveryOutcome.DELIVERED, delivered_by="李老师、赵阿姨",
                            delivered_at=at, actor=staff, signed_by=signer, relation=relation)  # type: ignore[arg-type]
        else:
            reason = rng.choice([UndeliverableReason.NOBODY_HOME, UndeliverableReason.VACANT,
                                 UndeliverableReason.REFUSED])
            record_delivery(paper=paper, outcome=DeliveryOutcome.UNDELIVERABLE, delivered_by="李老师、赵阿姨",
                            delivered_at=at, actor=staff, reason=reason,  # type: ignore[arg-type]
                            note="晚上再去一次" if reason == UndeliverableReason.NOBODY_HOME else "")
    return timezone.localdate(last)


def _cast(assembly: Assembly, staff: object, opens: datetime, names: list[str]) -> None:
    """Ballots from the households that signed for their paper, each after its delivery (a paper an hour
    ahead of the votes, which come every few minutes)."""
    rng = random.Random(20261129)
    papers = list(BallotPaper.objects.filter(assembly=assembly, deliveries__outcome=DeliveryOutcome.DELIVERED)
                  .select_related("entity").order_by("serial"))
    at = opens + timedelta(hours=1)
    for paper in papers:
        if DEMO_OWNER_UNIT in paper.entity.label.split("、"):
            paper.code_hash = voting_code_digest(DEMO_VOTING_CODE)
            paper.save(update_fields=["code_hash"])
            continue
        roll = rng.random()
        at += timedelta(minutes=rng.randrange(3, 12))
        choices = _choices(rng, names)
        if roll < ONLINE_SHARE:
            cast_online_ballot(paper=paper, choices=choices, submission_key=f"demo-{paper.serial}", now=at)
        elif roll < ONLINE_SHARE + DOOR_SHARE:
            record_paper_ballot(paper=paper, valid=True, choices=choices, actor=staff,  # type: ignore[arg-type]
                                received_at=at, channel=Channel.ASSISTED, collected_by="李老师、赵阿姨")


def _choices(rng: random.Random, candidates: list[str]) -> dict[str, object]:
    # Owners favour those listed first a little, so the result has a clear shape.
    weights = [max(0.3, 0.8 - 0.05 * i) for i in range(len(candidates))]
    names = [name for name, weight in zip(candidates, weights, strict=True) if rng.random() < weight][:SEATS]
    answer = rng.choices([Answer.YES, Answer.NO, Answer.ABSTAIN], weights=[7, 2, 1])[0]
    return {"committee": names, "lift-fund": answer.value}

