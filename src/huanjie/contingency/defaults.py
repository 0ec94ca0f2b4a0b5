"""The usual risks and pre-event checks of each event, as a street office writes them down.

A new plan starts from these; the working group then edits who is responsible and adds its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from huanjie.accounts.models import Role
from huanjie.contingency.models import EventKind, Level, RiskKind


@dataclass(frozen=True)
class DefaultRisk:
    kind: RiskKind
    situation: str
    likelihood: Level
    impact: Level
    mitigation: str


@dataclass(frozen=True)
class DefaultCheck:
    text: str
    role: Role


COMMON_RISKS = (
    DefaultRisk(RiskKind.CROWD, "入场集中，会场超员", Level.MEDIUM, Level.HIGH,
                "分批签到入场，设单向通道；超员时开放备用会场并同步直播，安排两名引导员。"),
    DefaultRisk(RiskKind.VENUE_DISPUTE, "业主对程序或资格当场提出异议", Level.HIGH, Level.MEDIUM,
                "由主持人宣读程序和依据，异议书面登记、会后答复；律师在场解答，不在现场争论。"),
    DefaultRisk(RiskKind.DISRUPTION, "利益相关方组织人员扰乱会场", Level.MEDIUM, Level.HIGH,
                "提前与派出所、物业安保沟通，现场录像；劝阻无效时暂停会议并报警。"),
    DefaultRisk(RiskKind.WEATHER, "暴雨、高温或台风", Level.LOW, Level.MEDIUM,
                "关注气象预警，提前一天决定是否改期；改期即在业主群和公告栏通知。"),
)
RISKS: dict[str, tuple[DefaultRisk, ...]] = {
    EventKind.CANDIDATES_MEETING: (*COMMON_RISKS, DefaultRisk(
        RiskKind.WITHDRAWAL, "候选人临时不到场或退出", Level.LOW, Level.MEDIUM,
        "现场说明情况；退出须书面确认，并按程序公示候选人名单变化。")),
    EventKind.ELECTION_MEETING: (*COMMON_RISKS, DefaultRisk(
        RiskKind.OUTAGE, "网上投票时停电或断网", Level.LOW, Level.HIGH,
        "备用4G热点和不间断电源；网上投票中断时延长纸质投票时间，并在现场公告。"), DefaultRisk(
        RiskKind.WITHDRAWAL, "候选人在投票前退出", Level.LOW, Level.HIGH,
        "书面确认退出，现场公告；已印制的表决票上该候选人的票不计，按议事规则处理空缺。"), DefaultRisk(
        RiskKind.BOX_DISPUTE, "对票箱封存或保管有异议", Level.MEDIUM, Level.HIGH,
        "票箱当众查验后封存，监票人签封条；全程录像，保管记录随时可查。")),
    EventKind.COUNTING: (COMMON_RISKS[0], COMMON_RISKS[1], DefaultRisk(
        RiskKind.BOX_DISPUTE, "开箱时封条破损或票数不符", Level.MEDIUM, Level.HIGH,
        "当众核对封条和保管记录；不符时暂停计票，报街道并记录在案。"), DefaultRisk(
        RiskKind.OUTAGE, "计票时停电", Level.LOW, Level.MEDIUM,
        "备用照明和电源；停电期间票箱不离开监票人视线，恢复后继续。")),
}

COMMON_CHECKS = (
    DefaultCheck("会场、桌椅、扩音设备已检查可用", Role.WORKING_GROUP),
    DefaultCheck("签到表和业主名册已备好", Role.WORKING_GROUP),
    DefaultCheck("派出所、物业安保已通知到场", Role.SUPERVISOR),
    DefaultCheck("应急联系人电话已核对并分发", Role.WORKING_GROUP),
)
CHECKS: dict[str, tuple[DefaultCheck, ...]] = {
    EventKind.CANDIDATES_MEETING: (*COMMON_CHECKS, DefaultCheck("候选人均已确认到场", Role.WORKING_GROUP)),
    EventKind.ELECTION_MEETING: (*COMMON_CHECKS,
                                 DefaultCheck("票箱当众查验为空并已封存", Role.SCRUTINEER),
                                 DefaultCheck("网上投票系统、备用网络和电源已测试", Role.WORKING_GROUP),
                                 DefaultCheck("街道工作人员已到场督导", Role.SUPERVISOR)),
    EventKind.COUNTING: (*COMMON_CHECKS,
                         DefaultCheck("票箱封条完好，与保管记录一致", Role.SCRUTINEER),
                         DefaultCheck("计票人、监票人已到场并签到", Role.SCRUTINEER)),
}
