"""The demo community's visits and demand ledger, seeded so every run is the same.

About 85% of units visited between the working group's founding and the call for candidates (some
twice: not at home, then met); 60+ demands in each state of the workflow, raised since the group was
formed, some overdue, some duplicates, some reopened, some waiting for the follow-up. Everything is
written through the ledgers' and visits' services, each change on its day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from huanjie.demo.progress import mark_done
from huanjie.demo.timeline import DemoTimeline
from huanjie.ledgers import services as ledger
from huanjie.ledgers.models import Category, Demand, FollowUp, Handler, Source, Status, Urgency
from huanjie.ledgers.services import FOLLOW_UP_AFTER
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit
from huanjie.rules.timeline import Stage
from huanjie.visits.models import Outcome, Visit
from huanjie.visits.services import record_visit

SEED = 20260502
VISITORS = ("李老师", "张阿姨", "王建国", "陈晓明", "周丽华", "吴志强")
OUTCOME_WEIGHTS = [(Outcome.MET, 70), (Outcome.NOT_HOME, 12), (Outcome.TENANTS, 10), (Outcome.REFUSED, 5),
                   (Outcome.MOVED_OUT, 3)]
DEMANDS: dict[str, tuple[str, ...]] = {
    "电梯": ("3号楼电梯经常停运，老人上下楼困难", "电梯年检标志过期未更新", "电梯轿厢异响，希望尽快维修"),
    "公共收益公开": ("希望公开近三年广告位和停车场公共收益", "公共收益账目看不懂，要求逐项说明"),
    "外立面": ("外墙瓷砖脱落，楼下行人有危险", "外立面渗水导致室内墙面发霉"),
    "停车": ("地面停车位不够，夜间乱停车", "非机动车充电桩太少"),
    "绿化": ("绿化带长期无人修剪", "树枝遮挡二楼窗户采光"),
    "安保": ("小区大门门禁经常坏", "夜间巡逻不到位"),
    "物业服务": ("物业报修响应慢", "垃圾清运不及时"),
    "收费": ("物业费标准希望公开说明", "停车费上涨没有事先公示"),
    "噪声": ("楼下商铺夜间噪声扰民", "装修施工时间超过规定"),
    "其他": ("希望增设老年活动室", "快递柜位置不便"),
}
ANSWERS = ("已联系物业公司，维修已于本周完成。", "已在公告栏公示相关账目，并在业主群发送说明。",
           "已转街道房管办协调，物业公司承诺月底前整改。", "经现场核实，已安排专人处理，并电话告知业主。")
STATES = (Status.RECORDED, Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED)
PER_STATE = 64


def load_ledgers(community: Community, timeline: DemoTimeline) -> None:
    """The door visits between the working group's founding and the call for candidates, then the demands
    raised since, up to today; 走访摸底 is marked done on the day of the last visit."""
    rng = random.Random(SEED)
    staff = get_user_model().objects.get(username="xiaozu")
    met = _load_visits(community, rng, timeline.visits_from, timeline.visits_until, staff)
    last = max(v.visited_on for v in Visit.objects.filter(community=community))
    mark_done(Reelection.objects.get(community=community), Stage.VISITS, last, staff)
    _load_demands(community, rng, met, timeline.visits_from, timeline.today, staff)


def _outcome(rng: random.Random) -> Outcome:
    return rng.choices([o for o, _ in OUTCOME_WEIGHTS], weights=[w for _, w in OUTCOME_WEIGHTS])[0]


def _load_visits(community: Community, rng: random.Random, first: date, last: date,
                 staff: AbstractBaseUser) -> list[Visit]:
    units = list(Unit.objects.filter(community=community).order_by("code"))
    reached = rng.sample(units, round(len(units) * 0.85))
    span = max((last - first).days, 1)

    def visit(unit: Unit, day: date, pair: list[str], outcome: Outcome, notes: str, follow_up_on: date | None,
              second: bool = True) -> Visit:
        return record_visit(community=community, unit=unit, visited_on=day, visitor=pair[0],
                            second_visitor=pair[1] if second else "", outcome=outcome, notes=notes,
                            follow_up_on=follow_up_on, actor=staff, today=day).visit

    met = []
    for unit in sorted(reached, key=lambda u: u.code):
        day = first + timedelta(days=rng.randrange(span + 1))
        pair = rng.sample(VISITORS, 2)
        outcome = _outcome(rng)
        if outcome == Outcome.NOT_HOME and day + timedelta(days=2) <= last and rng.random() < 0.6:
            visit(unit, day, pair, Outcome.NOT_HOME, "敲门无人应答，已留联系卡", day + timedelta(days=2))
            day, outcome = day + timedelta(days=2), Outcome.MET
        note = "业主反映了意见，已登记诉求" if outcome == Outcome.MET and rng.random() < 0.4 else ""
        second = rng.random() < 0.8
        follow_up = day + timedelta(days=3) if outcome == Outcome.NOT_HOME and day < last else None
        done = visit(unit, day, pair, outcome, note, follow_up, second)
        if outcome == Outcome.MET:
            met.append(done)
    return met


@dataclass
class PlannedDemand:
    """A demand as it will go through the ledger: its days, and where its story ends."""

    state: Status
    category: str
    summary: str
    source: Source
    visit: Visit | None
    unit: Unit | None
    urgency: Urgency
    recorded: date
    handler: Handler | None = None
    due_on: date | None = None
    steps: tuple[date, ...] = ()  # the days it was assigned, started, answered, closed (as far as it went)
    answer: str = ""
    follow_up: FollowUp | None = None
    reopened: bool = False
    duplicate_of: PlannedDemand | None = None


def _plan(state: Status, rng: random.Random, visits: list[Visit], units: list[Unit], first: date,
          today: date) -> PlannedDemand:
    category = rng.choice(list(DEMANDS))
    visit = rng.choice(visits) if visits and rng.random() < 0.5 else None
    source = Source.VISIT if visit else rng.choice([Source.PHONE, Source.OWNER_PAGE, Source.MEETING,
                                                    Source.NOTICE_OBJECTION])
    recorded = visit.visited_on if visit else today - timedelta(days=rng.randrange(0, (today - first).days))
    unit = visit.unit if visit else (rng.choice(units) if rng.random() < 0.85 else None)
    planned = PlannedDemand(state, category, rng.choice(DEMANDS[category]), source, visit, unit,
                            rng.choices(list(Urgency), weights=[70, 20, 10])[0], recorded)
    step = STATES.index(state)
    if step >= 1:
        planned.handler = rng.choice(list(Handler))
        # About a third of the open ones are given a due date already past: the overdue rows.
        planned.due_on = recorded + timedelta(days=rng.choice([3, 7, 14, 30]))
    days = [min(recorded + timedelta(days=n), today) for n in (1, 2)][:step]
    if step >= 3:
        days.append(max(days[-1], min(recorded + timedelta(days=rng.randrange(1, 20)), today)))
        planned.answer = rng.choice(ANSWERS)
    if step >= 4:
        closed = min(days[-1] + timedelta(days=rng.randrange(0, 5)), today)
        days.append(closed)
        if closed + FOLLOW_UP_AFTER <= today and rng.random() < 0.6:
            planned.follow_up = rng.choice([FollowUp.RESOLVED, FollowUp.RESOLVED, FollowUp.NO_REPLY])
    planned.steps = tuple(days)
    planned.reopened = state == Status.IN_PROGRESS and rng.random() < 0.125
    return planned


def _load_demands(community: Community, rng: random.Random, visits: list[Visit], first: date, today: date,
                  staff: AbstractBaseUser) -> None:
    categories = {c.name: c for c in ledger.add_default_categories(community=community, actor=staff)}
    units = list(Unit.objects.filter(community=community).order_by("code"))
    plan = [state for state in STATES for _ in range(PER_STATE)]
    rng.shuffle(plan)
    planned = [_plan(state, rng, visits, units, first, today) for state in plan]
    planned.sort(key=lambda d: d.recorded)  # the ledger numbers demands in the order they came in
    _mark_some_duplicates(planned, rng)
    stored: dict[int, Demand] = {}
    for planned_demand in planned:
        stored[id(planned_demand)] = _record(community, planned_demand, categories, stored, staff)


def _mark_some_duplicates(planned: list[PlannedDemand], rng: random.Random) -> None:
    """A few closed demands repeat an earlier open one of the same category: marked duplicates instead."""
    closed = [d for d in planned if d.state == Status.CLOSED and d.source != Source.VISIT]
    for duplicate in rng.sample(closed, 6):
        earlier = planned[:planned.index(duplicate)]
        duplicate.duplicate_of = next((d for d in earlier if d.category == duplicate.category
                                       and d.state != Status.CLOSED), None)


def _at(day: date, step: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9 + step, 0)))


def _record(community: Community, planned: PlannedDemand, categories: dict[str, Category],
            stored: dict[int, Demand], staff: AbstractBaseUser) -> Demand:
    """Record the demand on its day and take it through its states, each on its day."""
    demand = ledger.record_demand(
        community=community, source=planned.source, category=categories[planned.category],
        summary=planned.summary, unit=planned.unit, urgency=planned.urgency, visit=planned.visit,
        recorded_on=planned.recorded, actor=staff, today=planned.recorded, now=_at(planned.recorded, 0)).demand
    if planned.duplicate_of is not None:
        day = planned.steps[-1]
        return ledger.mark_duplicate(demand=demand, original=stored[id(planned.duplicate_of)], actor=staff,
                                     today=day, now=_at(day, 4))
    for step, day in enumerate(planned.steps, start=1):
        now = _at(day, step)
        if step == 1:
            assert planned.handler is not None
            ledger.assign_demand(demand=demand, handler=planned.handler, due_on=planned.due_on, actor=staff, now=now)
        elif step == 2:
            ledger.start_demand(demand=demand, actor=staff, now=now)
            if planned.reopened:
                ledger.answer_demand(demand=demand, answer=_first_answer(planned), answered_on=day, actor=staff,
                                     now=now)
                ledger.reopen_demand(demand=demand, reason="业主表示答复未解决实际问题，重新办理", actor=staff,
                                     now=now + timedelta(minutes=30))
        elif step == 3:
            ledger.answer_demand(demand=demand, answer=planned.answer, answered_on=day, actor=staff, now=now)
        else:
            ledger.close_demand(demand=demand, closed_on=day, actor=staff, now=now)
            if planned.follow_up is not None:
                due = day + FOLLOW_UP_AFTER
                ledger.record_follow_up(demand=demand, result=planned.follow_up, note="", actor=staff,
                                        now=_at(due, 1))
    return demand


def _first_answer(planned: PlannedDemand) -> str:
    """The first answer of a demand the owner then said was not solved."""
    return ANSWERS[len(planned.summary) % len(ANSWERS)]
