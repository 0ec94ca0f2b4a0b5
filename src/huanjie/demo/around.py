"""The demo's work around the election: contingency plans, the joint office, training, projects, handover.

A completed facade repair with before/after pictures (drawn here with Pillow, the same bytes on
every run) that closed the facade demands of the ledger; the election meeting's plan with its
checklist half done; the candidates' meeting already held, with one incident; a fortnight of
joint-office duty and its matters; the new committee's induction training planned for after the
results; the records and seals handed to the housing office when the working group was formed.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from huanjie.accounts.models import Role
from huanjie.contingency import services as contingency
from huanjie.contingency.models import EventKind, RiskKind
from huanjie.demo.timeline import DemoTimeline
from huanjie.demo.voting import COUNTING_PLACE
from huanjie.handover.models import Direction
from huanjie.handover.services import open_handover, sign_item
from huanjie.jointoffice import services as office
from huanjie.jointoffice.models import Party, Period
from huanjie.ledgers.models import Demand, Status
from huanjie.projects import services as projects
from huanjie.projects.models import Funding, Phase
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community
from huanjie.training import services as training


def load_around(community: Community, timeline: DemoTimeline) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["jiedao", "xiaozu", "jianpiao"])}
    reelection = Reelection.objects.get(community=community)
    today = timeline.today
    _load_plans(reelection, users, timeline)
    _load_office(community, users["xiaozu"], today)
    _load_training(reelection, users["xiaozu"], timeline)
    _load_facade(community, users["xiaozu"], today)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _load_plans(reelection: Reelection, users: dict[str, AbstractBaseUser], timeline: DemoTimeline) -> None:
    """The candidates' meeting's plan, held on the meeting's evening; the plan of the count on the last day."""
    staff = users["xiaozu"]
    by_role = {Role.WORKING_GROUP: staff, Role.SUPERVISOR: users["jiedao"], Role.SCRUTINEER: users["jianpiao"]}
    held = timeline.meeting_on
    meeting = contingency.create_plan(reelection=reelection, kind=EventKind.CANDIDATES_MEETING,
                                      starts_at=_at(held, 19), venue="小区会所一楼活动室", commander="李老师",
                                      commander_phone="13900001001", actor=staff)
    for item in meeting.checklist.all():
        contingency.tick_check(item=item, actor=by_role[item.role], now=_at(held, 18, 20))
    contingency.start_event(plan=meeting, actor=staff, now=_at(held, 19))
    contingency.log_incident(plan=meeting, happened_at=_at(held, 19, 40), risk_kind=RiskKind.VENUE_DISPUTE,
                             what="两位业主就候选人是否欠交物业费当场争执。",
                             action="主持人说明资格审查结论和依据，异议书面登记，会后三日内答复。", actor=staff,
                             now=_at(held, 19, 45))
    contingency.end_event(plan=meeting, actor=staff, now=_at(held, 21))
    election = contingency.create_plan(reelection=reelection, kind=EventKind.ELECTION_MEETING,
                                       starts_at=_at(timeline.voting_last_day, 14), venue=COUNTING_PLACE,
                                       commander="李老师", commander_phone="13900001001", actor=staff)
    for item in election.checklist.filter(role=Role.WORKING_GROUP)[:3]:
        contingency.tick_check(item=item, actor=staff, now=_at(timeline.today, 9))


def _load_office(community: Community, staff: AbstractBaseUser, today: date) -> None:
    people = {Party.RESIDENTS_COMMITTEE: [("周丽华", "021-62001001"), ("吴志强", "021-62001002")],
              Party.OWNERS_COMMITTEE: [("王建国", "13900002001"), ("陈晓明", "13900002002")],
              Party.PROPERTY_COMPANY: [("张经理", "13900003001"), ("刘主管", "13900003002")]}
    monday = today - timedelta(days=today.weekday())
    for offset in range(14):
        day = monday + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for period in Period:
            for party, names in people.items():
                person, phone = names[(offset + (period == Period.AFTERNOON)) % 2]
                office.add_duty(community=community, day=day, period=period, party=party, person=person,
                                phone=phone, actor=staff)
    minutes = office.record_minutes(
        community=community, held_on=today - timedelta(days=10), title="三方联席会议（第4次）",
        attendees="居委会周丽华、业委会王建国、物业公司张经理、街道王主任",
        decisions="一、外立面修缮竣工验收安排在下周；二、选举大会会场由物业公司布置；三、公共收益账目月底前公示。",
        follow_ups=(f"外立面修缮竣工验收 | 居委会 | 周丽华 | {(today - timedelta(days=3)).isoformat()}\n"
                    f"选举大会会场布置和备用电源 | 物业公司 | 张经理 | {(today + timedelta(days=3)).isoformat()}\n"
                    f"公共收益账目公示 | 业委会 | 王建国 | {(today - timedelta(days=1)).isoformat()}"),
        actor=staff)
    acceptance, venue, _income = minutes.matters.order_by("number")
    office.start_matter(matter=acceptance, actor=staff)
    office.finish_matter(matter=acceptance, result="四方现场验收合格，验收单已归档。",
                         done_on=today - timedelta(days=4), actor=staff)
    office.start_matter(matter=venue, actor=staff)
    office.open_matter(community=community, title="3号楼门禁维修", party=Party.PROPERTY_COMPANY, owner="刘主管",
                       due_on=today + timedelta(days=7), actor=staff)


def _load_training(reelection: Reelection, staff: AbstractBaseUser, timeline: DemoTimeline) -> None:
    """The new committee's induction course planned for after the results, with its handout: its trainees are
    the members elected, so none is named while the owners are still voting."""
    courses = training.add_standard_courses(reelection=reelection, actor=staff)
    trainers = ["街道房管办 孙老师", "会计师 钱老师", "区维修资金中心 郑老师", "陈律师", "街道 王主任"]
    for i, (course, trainer) in enumerate(zip(courses, trainers, strict=True)):
        training.schedule_session(course=course, held_on=timeline.training_from + timedelta(days=7 * i),
                                  place="居委会二楼会议室", trainer=trainer, actor=staff)
    handout = SimpleUploadedFile("law.pdf", _handout_pdf(), content_type="application/pdf")
    training.add_material(course=courses[0], title="法律法规讲义", upload=handout, actor=staff)


def _handout_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from huanjie.notices.pdf import cjk_font

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.setFont(cjk_font(), 14)
    canvas.drawString(72, 760, "初任培训讲义：《民法典》物权编与《上海市住宅物业管理规定》（演示）")
    canvas.save()
    return buffer.getvalue()


def facade_picture(*, after: bool, variant: int) -> bytes:
    """A drawn building front: stained and cracked before, clean after. Same bytes every run."""
    image = Image.new("RGB", (480, 360), (200, 220, 235))
    draw = ImageDraw.Draw(image)
    wall = (236, 232, 222) if after else (168, 160, 150)
    draw.rectangle([60, 40, 420, 360], fill=wall, outline=(90, 90, 90), width=3)
    for row in range(5):
        for col in range(4):
            x, y = 85 + col * 85, 60 + row * 58
            draw.rectangle([x, y, x + 50, y + 36], fill=(120, 160, 200), outline=(60, 60, 60), width=2)
    if not after:
        for k in range(6 + variant):  # missing tiles and water stains
            x, y = 70 + (k * 97) % 330, 80 + (k * 53) % 250
            draw.rectangle([x, y, x + 22, y + 14], fill=(110, 100, 92))
        draw.line([(140, 40), (170, 150), (150, 260), (190, 360)], fill=(60, 50, 45), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def _load_facade(community: Community, staff: AbstractBaseUser, today: date) -> None:
    project = projects.create_project(
        community=community, title="1号楼、2号楼外立面修缮",
        scope="更换脱落外墙瓷砖，修补渗水裂缝，外墙清洗与涂料翻新；施工期间搭设安全防护棚。",
        budget=Decimal("386500.00"), funding=Funding.GOVERNMENT, motion=None,
        contractor="上海普善建设工程有限公司（虚构）", actor=staff)
    started = today - timedelta(days=45)
    steps = (("搭设脚手架和防护棚", 5), ("瓷砖更换和裂缝修补", 28), ("清洗、涂料和竣工验收", 40))
    for title, due in ((title, started + timedelta(days=days)) for title, days in steps):
        milestone = projects.add_milestone(project=project, title=title, due_on=due, actor=staff)
        projects.finish_milestone(milestone=milestone, done_on=due, actor=staff, today=today)
    for variant, caption in enumerate(("1号楼南立面", "2号楼东山墙")):
        for phase in Phase:
            data = facade_picture(after=phase == Phase.AFTER, variant=variant)
            projects.add_photo(project=project, phase=phase, caption=caption,
                               upload=SimpleUploadedFile(f"{phase}.png", data, content_type="image/png"), actor=staff)
    projects.start_project(project=project, started_on=started, actor=staff, today=today)
    projects.set_progress(project=project, progress=90, actor=staff)
    completed = today - timedelta(days=4)
    facade = Demand.objects.filter(community=community, category__name="外立面", duplicate_of__isnull=True,
                                   recorded_on__lte=completed)
    for demand in facade.exclude(status=Status.CLOSED).order_by("number")[:6]:
        projects.link_demand(project=project, demand=demand, actor=staff)
    projects.complete_project(project=project, completed_on=completed, actor=staff, today=today)


def load_records_handover(reelection: Reelection, staff: AbstractBaseUser, day: date) -> None:
    """The first committee's records and seals handed to the housing office on `day`, signed by both sides."""
    handover = open_handover(reelection=reelection, direction=Direction.TO_HOUSING_OFFICE, actor=staff)
    for item in handover.items.all():
        sign_item(item=item, side="giver", name="第一届业委会主任 赵强", signed_on=day, actor=staff, today=day)
        sign_item(item=item, side="receiver", name="街道房管办 孙敏", signed_on=day, actor=staff, today=day)
