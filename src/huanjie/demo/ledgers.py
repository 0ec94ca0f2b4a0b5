"""The demo community's visits, demand ledger and progress ledger, seeded so every run is the same.

About 85% of units visited since the working group was formed (some twice: not at home, then
met); 60+ demands in each state of the workflow, some overdue, some duplicates, some reopened,
some waiting for the follow-up; the stages already done signed by the working group.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from huanjie.demo.progress import mark_done
from huanjie.demo.timeline import DemoTimeline
from huanjie.ledgers.models import (
    DEFAULT_CATEGORIES,
    Category,
    Demand,
    DemandEvent,
    FollowUp,
    Handler,
    Source,
    Status,
    Urgency,
)
from huanjie.ledgers.services import FOLLOW_UP_AFTER
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit
from huanjie.rules.timeline import Stage
from huanjie.visits.models import Outcome, Visit

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
    visits = _load_visits(community, rng, timeline.visits_from, timeline.visits_until, staff)
    last = max(v.visited_on for v in Visit.objects.filter(community=community))
    mark_done(Reelection.objects.get(community=community), Stage.VISITS, last, staff)
    _load_demands(community, rng, visits, timeline.visits_from, timeline.today, staff)


def _outcome(rng: random.Random) -> Outcome:
    return rng.choices([o for o, _ in OUTCOME_WEIGHTS], weights=[w for _, w in OUTCOME_WEIGHTS])[0]


def _load_visits(community: Community, rng: random.Random, first: date, last: date, staff: object) -> list[Visit]:
    units = list(Unit.objects.filter(community=community).order_by("code"))
    reached = rng.sample(units, round(len(units) * 0.85))
    span = max((last - first).days, 1)
    rows: list[Visit] = []
    for unit in sorted(reached, key=lambda u: u.code):
        day = first + timedelta(days=rng.randrange(span + 1))
        pair = rng.sample(VISITORS, 2)
        outcome = _outcome(rng)
        if outcome == Outcome.NOT_HOME and day + timedelta(days=2) <= last and rng.random() < 0.6:
            rows.append(Visit(community=community, unit=unit, visited_on=day, visitor=pair[0],
                              second_visitor=pair[1], outcome=Outcome.NOT_HOME, notes="敲门无人应答，已留联系卡",
                              follow_up_on=day + timedelta(days=2), recorded_by=staff))
            day, outcome = day + timedelta(days=2), Outcome.MET
        note = "业主反映了意见，已登记诉求" if outcome == Outcome.MET and rng.random() < 0.4 else ""
        rows.append(Visit(community=community, unit=unit, visited_on=day, visitor=pair[0],
                          second_visitor=pair[1] if rng.random() < 0.8 else "", outcome=outcome, notes=note,
                          follow_up_on=day + timedelta(days=3) if outcome == Outcome.NOT_HOME and day < last
                          else None, recorded_by=staff))
    Visit.objects.bulk_create(rows)
    return [v for v in Visit.objects.filter(community=community, outcome=Outcome.MET).select_related("unit")
            .order_by("unit__code", "visited_on")]


def _load_demands(community: Community, rng: random.Random, visits: list[Visit], first: date, today: date,
                  staff: object) -> None:
    categories = {c.name: c for c in Category.objects.bulk_create(
        [Category(community=community, name=name, sort_key=i) for i, name in enumerate(DEFAULT_CATEGORIES, 1)])}
    units = list(Unit.objects.filter(community=community).order_by("code"))
    plan = [state for state in STATES for _ in range(PER_STATE)]
    rng.shuffle(plan)
    demands: list[Demand] = []
    for number, state in enumerate(plan, start=1):
        category = rng.choice(list(DEMANDS))
        visit = rng.choice(visits) if visits and rng.random() < 0.5 else None
        source = Source.VISIT if visit else rng.choice([Source.PHONE, Source.OWNER_PAGE, Source.MEETING,
                                                         Source.NOTICE_OBJECTION])
        recorded = visit.visited_on if visit else today - timedelta(days=rng.randrange(0, (today - first).days + 1))
        unit = visit.unit if visit else (rng.choice(units) if rng.random() < 0.85 else None)
        demands.append(_demand(community, number, state, category=categories[category], summary=rng.choice(
            DEMANDS[category]), source=source, visit=visit, unit=unit, recorded=recorded, today=today, rng=rng,
            staff=staff))
    links = _mark_some_duplicates(demands, rng)
    Demand.objects.bulk_create(demands)
    stored = {d.number: d for d in Demand.objects.filter(community=community)}
    for duplicate, original in links.items():
        stored[duplicate].duplicate_of = stored[original]
    Demand.objects.bulk_update([d for d in stored.values() if d.duplicate_of_id], ["duplicate_of"])
    DemandEvent.objects.bulk_create([e for d in stored.values() for e in _history(d, staff, rng, today)])


def _demand(community: Community, number: int, state: Status, *, category: Category, summary: str, source: Source,
            visit: Visit | None, unit: Unit | None, recorded: date, today: date, rng: random.Random,
            staff: object) -> Demand:
    demand = Demand(community=community, number=number, source=source, visit=visit, category=category, unit=unit,
                    summary=summary, urgency=rng.choices(list(Urgency), weights=[70, 20, 10])[0],
                    recorded_on=recorded, status=state, recorded_by=staff)
    step = STATES.index(state)
    if step >= 1:
        demand.handler = rng.choice(list(Handler))
        # About a third of the open ones are given a due date already past: the overdue rows.
        demand.due_on = recorded + timedelta(days=rng.choice([3, 7, 14, 30]))
    if step >= 3:
        demand.answered_on = min(recorded + timedelta(days=rng.randrange(1, 20)), today)
        demand.answer = rng.choice(ANSWERS)
    if step >= 4:
        demand.closed_on = min(demand.answered_on + timedelta(days=rng.randrange(0, 5)), today)  # type: ignore[operator]
        demand.follow_up_due = demand.closed_on + FOLLOW_UP_AFTER
        if demand.follow_up_due <= today and rng.random() < 0.6:
            demand.follow_up = rng.choice([FollowUp.RESOLVED, FollowUp.RESOLVED, FollowUp.NO_REPLY])
    return demand


def _mark_some_duplicates(demands: list[Demand], rng: random.Random) -> dict[int, int]:
    """A few closed demands repeat an earlier open one of the same category (duplicate → original)."""
    closed = [d for d in demands if d.status == Status.CLOSED and d.source != Source.VISIT]
    links: dict[int, int] = {}
    for duplicate in rng.sample(closed, 6):
        original = next((d for d in demands if d.category == duplicate.category and d.number < duplicate.number
                         and d.status != Status.CLOSED), None)
        if original is not None:
            links[duplicate.number] = original.number
            duplicate.answer = f"与第{original.number}号诉求内容相同，并入该诉求办理，答复见第{original.number}号。"
    return links


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _history(demand: Demand, staff: object, rng: random.Random, today: date) -> list[DemandEvent]:
    """The demand's events up to its state; one in eight open ones was reopened once on the way."""
    def event(day: date, before: str, after: str, note: str = "") -> DemandEvent:
        return DemandEvent(community_id=demand.community_id, demand=demand, at=_at(day), actor=staff,  # type: ignore[misc]
                           from_status=before, to_status=after, note=note)

    events = [event(demand.recorded_on, "", Status.RECORDED, demand.summary)]
    step = STATES.index(Status(demand.status))
    day = demand.recorded_on
    for before, after in zip(STATES[:step], STATES[1:step + 1], strict=True):
        day = demand.answered_on if after == Status.ANSWERED and demand.answered_on else \
            demand.closed_on if after == Status.CLOSED and demand.closed_on else min(day + timedelta(days=1), today)
        events.append(event(day, before, after, demand.get_handler_display() if after == Status.ASSIGNED else ""))
    if demand.status == Status.IN_PROGRESS and rng.random() < 0.125:
        events.append(event(day, Status.IN_PROGRESS, Status.ANSWERED, ""))
        events.append(event(day, Status.ANSWERED, Status.IN_PROGRESS, "业主表示答复未解决实际问题，重新办理"))
    return events
