"""Audit records as people read them: Chinese labels for the dotted codes, and what changed, field by field.

Every code that the code base passes to `audit.record` has a label here
(tests/audit/test_views_labels.py reads the source and fails on a code without one). A record's
data is stored as the code wrote it (`status: in_progress`, `handler: property_company`); it
is shown through `Words`: a field by FIELDS, else by the verbose name of the target model's
field (else any huanjie model's field of that name), and a stored value by that field's
choices, else by VALUES (tests/audit/test_audit_words.py renders every record of the demo and
fails on a field name or value that would reach a reader as code). Phone numbers are masked
wherever they appear in a record's data (huanjie.privacy.mask_phone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from huanjie.audit.models import AuditRecord
from huanjie.privacy import mask_phone

GROUPS: dict[str, Promise] = {
    "accounts": gettext_lazy("账号与登录"),
    "audit": gettext_lazy("留痕"),
    "candidates": gettext_lazy("候选人"),
    "charter": gettext_lazy("议事规则与管理规约"),
    "contingency": gettext_lazy("应急预案"),
    "demo": gettext_lazy("演示数据"),
    "handover": gettext_lazy("移交"),
    "holidays": gettext_lazy("节假日安排"),
    "jointoffice": gettext_lazy("合署办公"),
    "ledgers": gettext_lazy("诉求台账"),
    "letters": gettext_lazy("告业主书"),
    "needed": gettext_lazy("所需联名户数"),
    "notice": gettext_lazy("公示公告"),
    "office": gettext_lazy("街道设置"),
    "ops": gettext_lazy("备份与恢复"),
    "personaldata": gettext_lazy("个人信息"),
    "projects": gettext_lazy("实事项目"),
    "reelection": gettext_lazy("进度台账"),
    "roster": gettext_lazy("业主名册"),
    "training": gettext_lazy("初任培训"),
    "visits": gettext_lazy("走访"),
    "voting": gettext_lazy("表决"),
}

LABELS: dict[str, Promise] = {
    "accounts.owner.signed_in": gettext_lazy("业主登录"),
    "accounts.owner_codes.issued": gettext_lazy("签发业主登录码"),
    "accounts.totp.disabled": gettext_lazy("停用两步验证"),
    "accounts.totp.enrolled": gettext_lazy("启用两步验证"),
    "accounts.signin.throttled": gettext_lazy("连续登录失败，放慢尝试"),
    "accounts.totp.locked": gettext_lazy("两步验证锁定"),
    "accounts.totp.recovery_code_used": gettext_lazy("使用两步验证恢复码"),
    "accounts.totp.reset": gettext_lazy("重置两步验证"),
    "audit.exported": gettext_lazy("导出留痕记录"),
    "candidates.arrears.imported": gettext_lazy("导入欠费名单"),
    "candidates.call_notice.drafted": gettext_lazy("起草招贤公告"),
    "candidates.candidate_notice.drafted": gettext_lazy("起草候选人公示"),
    "candidates.criterion.added": gettext_lazy("新增评分项"),
    "candidates.criterion.removed": gettext_lazy("删除评分项"),
    "candidates.eligibility.all_met": gettext_lazy("资格审查：其余条件一并确认符合"),
    "candidates.eligibility.checked": gettext_lazy("资格审查（单项）"),
    "candidates.eligibility.verdict": gettext_lazy("资格审查结论"),
    "candidates.final": gettext_lazy("确定为正式候选人"),
    "candidates.final_list.published": gettext_lazy("公布正式候选人名单"),
    "candidates.interview.scheduled": gettext_lazy("安排面试"),
    "candidates.joint.cosigned": gettext_lazy("联名推荐签名"),
    "candidates.joint.started": gettext_lazy("发起联名推荐"),
    "candidates.meeting.answer": gettext_lazy("见面会答复"),
    "candidates.meeting.candidate_attendance": gettext_lazy("见面会候选人出席"),
    "candidates.meeting.minutes": gettext_lazy("见面会纪要"),
    "candidates.meeting.notice_drafted": gettext_lazy("起草见面会通知"),
    "candidates.meeting.question": gettext_lazy("见面会提问"),
    "candidates.meeting.scheduled": gettext_lazy("安排候选人见面会"),
    "candidates.meeting.signed_in": gettext_lazy("见面会签到"),
    "candidates.nominated": gettext_lazy("提名候选人"),
    "candidates.panel.assigned": gettext_lazy("分配评审"),
    "candidates.panel.completed": gettext_lazy("评审完成"),
    "candidates.panel.conflict_declared": gettext_lazy("评审回避声明"),
    "candidates.panel.scored": gettext_lazy("评审打分"),
    "candidates.panelist.added": gettext_lazy("新增评审团成员"),
    "candidates.recruitment.settings": gettext_lazy("修改招募设置"),
    "candidates.recruitment.started": gettext_lazy("开始候选人招募"),
    "candidates.shortlist.decided": gettext_lazy("决定是否入围"),
    "candidates.slate.uncontested": gettext_lazy("决定等额或不足额选举"),
    "candidates.withdrawn": gettext_lazy("候选人退出"),
    "charter.document.added": gettext_lazy("存档议事规则或管理规约"),
    "contingency.check.added": gettext_lazy("新增检查项"),
    "contingency.check.ticked": gettext_lazy("勾选检查项"),
    "contingency.event.ended": gettext_lazy("活动结束"),
    "contingency.event.started": gettext_lazy("活动开始"),
    "contingency.incident.logged": gettext_lazy("记录突发情况"),
    "contingency.plan.created": gettext_lazy("制定应急预案"),
    "contingency.risk.added": gettext_lazy("新增风险"),
    "demo.loaded": gettext_lazy("载入演示数据"),
    "handover.item.added": gettext_lazy("新增移交事项"),
    "handover.item.signed": gettext_lazy("移交事项签收"),
    "handover.opened": gettext_lazy("开始移交"),
    "jointoffice.duty.added": gettext_lazy("安排值班"),
    "jointoffice.matter.done": gettext_lazy("事项办结"),
    "jointoffice.matter.opened": gettext_lazy("登记事项"),
    "jointoffice.matter.started": gettext_lazy("开始办理事项"),
    "jointoffice.minutes.recorded": gettext_lazy("记录会议纪要"),
    "ledgers.category.added": gettext_lazy("新增诉求分类"),
    "ledgers.category.defaults_added": gettext_lazy("添加默认诉求分类"),
    "ledgers.category.toggled": gettext_lazy("启用/停用诉求分类"),
    "ledgers.demand.answered": gettext_lazy("答复诉求"),
    "ledgers.demand.assigned": gettext_lazy("分派诉求"),
    "ledgers.demand.closed": gettext_lazy("关闭诉求"),
    "ledgers.demand.followed_up": gettext_lazy("诉求回访"),
    "ledgers.demand.marked_duplicate": gettext_lazy("标记重复诉求"),
    "ledgers.demand.photo_added": gettext_lazy("上传诉求照片"),
    "ledgers.demand.recorded": gettext_lazy("登记诉求"),
    "ledgers.demand.reopened": gettext_lazy("重新办理诉求"),
    "ledgers.demand.started": gettext_lazy("开始办理诉求"),
    "letters.delivered": gettext_lazy("告业主书送达签收"),
    "letters.reissued": gettext_lazy("补发告业主书"),
    "letters.undeliverable": gettext_lazy("告业主书无法送达"),
    "notice.created": gettext_lazy("起草公示"),
    "notice.edited": gettext_lazy("修改公示"),
    "notice.objection.decided": gettext_lazy("异议处理结论"),
    "notice.objection.investigating": gettext_lazy("开始核查异议"),
    "notice.objection.raised": gettext_lazy("登记异议"),
    "notice.posted": gettext_lazy("张贴公示"),
    "notice.published": gettext_lazy("发布公示"),
    "notice.withdrawn": gettext_lazy("撤回公示"),
    "office.community.created": gettext_lazy("建立小区"),
    "office.invitation.issued": gettext_lazy("生成设置密码链接"),
    "office.person.created": gettext_lazy("建立工作人员账号"),
    "office.role.granted": gettext_lazy("授予角色"),
    "office.role.revoked": gettext_lazy("取消角色"),
    "office.street_office.created": gettext_lazy("建立街道办事处"),
    "ops.backup.made": gettext_lazy("备份"),
    "ops.backup.failed": gettext_lazy("备份失败"),
    "ops.backup.restored": gettext_lazy("从备份恢复"),
    "holidays.year.entered": gettext_lazy("录入节假日安排"),
    "holidays.year.withdrawn": gettext_lazy("撤销录入的节假日安排"),
    "personaldata.exported": gettext_lazy("导出个人信息"),
    "personaldata.purged": gettext_lazy("删除到期个人信息"),
    "personaldata.retention.changed": gettext_lazy("修改个人信息保存期限"),
    "projects.demand.linked": gettext_lazy("关联诉求"),
    "projects.consent.recorded": gettext_lazy("街道记录换届期间的同意"),
    "projects.milestone.added": gettext_lazy("新增节点"),
    "projects.milestone.done": gettext_lazy("节点完成"),
    "projects.photo.added": gettext_lazy("上传项目照片"),
    "projects.project.completed": gettext_lazy("项目完工"),
    "projects.project.created": gettext_lazy("新建实事项目"),
    "projects.project.progress": gettext_lazy("更新项目进度"),
    "projects.project.started": gettext_lazy("项目开工"),
    "reelection.assembly.scheduled": gettext_lazy("确定业主大会日期"),
    "reelection.stage.done": gettext_lazy("完成换届步骤"),
    "reelection.started": gettext_lazy("启动换届"),
    "roster.exported": gettext_lazy("导出业主名册"),
    "roster.import.applied": gettext_lazy("名册导入生效"),
    "roster.import.discarded": gettext_lazy("放弃名册导入"),
    "roster.import.staged": gettext_lazy("上传名册待确认"),
    "training.attendance.recorded": gettext_lazy("记录培训出勤"),
    "training.course.added": gettext_lazy("新增培训课程"),
    "training.courses.standard_added": gettext_lazy("添加标准课程"),
    "training.material.added": gettext_lazy("上传培训材料"),
    "training.session.scheduled": gettext_lazy("安排培训"),
    "training.trainee.added": gettext_lazy("新增学员"),
    "visits.visit.recorded": gettext_lazy("记录走访"),
    "voting.assembly.closed": gettext_lazy("结束表决"),
    "voting.assembly.count_rules": gettext_lazy("更改计票设置（同一买受人的认定、填写非候选人）"),
    "voting.assembly.counted": gettext_lazy("计票"),
    "voting.assembly.created": gettext_lazy("创建业主大会表决"),
    "voting.assembly.opened": gettext_lazy("开始表决"),
    "voting.assembly.paper_mode": gettext_lazy("更改表决票发放方式"),
    "voting.assembly.rules_of_procedure": gettext_lazy("按现行议事规则更新计票设置和网上表决"),
    "voting.ballot.cast_online": gettext_lazy("网上投票"),
    "voting.ballot.collected_at_door": gettext_lazy("上门收票"),
    "voting.ballot.recorded": gettext_lazy("录入纸质表决票"),
    "voting.ballot.superseded": gettext_lazy("表决票被取代"),
    "voting.box.opened": gettext_lazy("开启票箱"),
    "voting.box.sealed": gettext_lazy("封存票箱"),
    "voting.code.confirmed": gettext_lazy("另一角色确认表决码申请"),
    "voting.code.reissued": gettext_lazy("补发表决码"),
    "voting.code.requested": gettext_lazy("申请补发表决码或导出表决码清单"),
    "voting.code.retired_used": gettext_lazy("有人使用已作废的表决码"),
    "voting.code.withdrawn": gettext_lazy("撤回表决码申请"),
    "voting.codes.issued": gettext_lazy("签发表决码，打印全部表决票"),
    "voting.contest.added": gettext_lazy("新增表决事项"),
    "voting.contest.final_list_overridden": gettext_lazy("确认候选人与正式候选人名单不一致"),
    "voting.official.appointed": gettext_lazy("确定监票人、计票人"),
    "voting.official.dismissed": gettext_lazy("免去监票人、计票人"),
    "voting.paper.delivered": gettext_lazy("表决票送达"),
    "voting.paper.entered": gettext_lazy("计票人录入表决票"),
    "voting.paper.mismatch": gettext_lazy("两名计票人录入不一致"),
    "voting.paper.resolved": gettext_lazy("处理录入不一致"),
    "voting.paper.undeliverable": gettext_lazy("表决票无法送达"),
    "voting.proxy.registered": gettext_lazy("登记委托投票"),
    "voting.proxy.revoked": gettext_lazy("撤销委托"),
    "voting.results.final_drafted": gettext_lazy("起草表决结果公告"),
    "voting.results.preliminary_drafted": gettext_lazy("起草表决结果公示"),
}

FIELDS: dict[str, Promise] = {
    "action": gettext_lazy("操作"),
    "actor": gettext_lazy("操作人"),
    "answer": gettext_lazy("答复"),
    "assembly": gettext_lazy("业主大会"),
    "assembly_date": gettext_lazy("业主大会日期"),
    "ballot": gettext_lazy("表决票"),
    "body": gettext_lazy("正文"),
    "budget": gettext_lazy("预算"),
    "candidate": gettext_lazy("候选人"),
    "candidates": gettext_lazy("候选人"),
    "category": gettext_lazy("分类"),
    "channel": gettext_lazy("渠道"),
    "closes_at": gettext_lazy("截止时间"),
    "code_list": gettext_lazy("表决码清单申请"),
    "conditions": gettext_lazy("条件"),
    "confirmed_as": gettext_lazy("确认人角色"),
    "confirmed_by": gettext_lazy("确认人"),
    "code": gettext_lazy("操作代码"),
    "consented_to": gettext_lazy("同意的事项"),
    "count": gettext_lazy("数量"),
    "demand": gettext_lazy("诉求"),
    "description": gettext_lazy("说明"),
    "differences": gettext_lazy("不一致之处"),
    "done_on": gettext_lazy("完成日期"),
    "due_on": gettext_lazy("办理期限"),
    "duplicate_of": gettext_lazy("重复于"),
    "entity": gettext_lazy("表决主体"),
    "event_on": gettext_lazy("活动日期"),
    "evidence": gettext_lazy("佐证"),
    "file": gettext_lazy("文件"),
    "final_list": gettext_lazy("正式候选人名单"),
    "final_list_on": gettext_lazy("名单确定日期"),
    "follow_up": gettext_lazy("回访"),
    "format": gettext_lazy("格式"),
    "handler": gettext_lazy("承办单位"),
    "head": gettext_lazy("链头"),
    "holder_phone": gettext_lazy("受托人电话"),
    "invalid_reason": gettext_lazy("无效原因"),
    "issuer": gettext_lazy("发布单位"),
    "kind": gettext_lazy("类别"),
    "name": gettext_lazy("姓名"),
    "note": gettext_lazy("备注"),
    "number": gettext_lazy("编号"),
    "opens_at": gettext_lazy("开始时间"),
    "outcome": gettext_lazy("结果"),
    "owner_request": gettext_lazy("业主如何提出"),
    "papers": gettext_lazy("表决票张数"),
    "period_days": gettext_lazy("公示天数"),
    "phone": gettext_lazy("电话"),
    "points": gettext_lazy("分数"),
    "progress": gettext_lazy("进度"),
    "published_on": gettext_lazy("发布日期"),
    "reason": gettext_lazy("理由"),
    "received_at": gettext_lazy("收到时间"),
    "reissued": gettext_lazy("补发的表决票"),
    "release": gettext_lazy("表决码申请"),
    "requested_by": gettext_lazy("申请人"),
    "records": gettext_lazy("记录条数"),
    "result": gettext_lazy("结论"),
    "rows": gettext_lazy("行数"),
    "score": gettext_lazy("得分"),
    "seal_number": gettext_lazy("封条编号"),
    "serial": gettext_lazy("票号"),
    "sha256": gettext_lazy("SHA-256"),
    "stage": gettext_lazy("步骤"),
    "status": gettext_lazy("状态"),
    "table": gettext_lazy("表格"),
    "text": gettext_lazy("内容"),
    "title": gettext_lazy("标题"),
    "today": gettext_lazy("日期"),
    "unit": gettext_lazy("房号"),
    "units": gettext_lazy("房屋套数"),
    "urgency": gettext_lazy("紧急程度"),
    "scope": gettext_lazy("范围"),
    "filters": gettext_lazy("筛选条件"),
    "date_from": gettext_lazy("起始日期"),
    "date_to": gettext_lazy("截止日期"),
    "target_type": gettext_lazy("对象类型"),
    "target_id": gettext_lazy("对象编号"),
    "query": gettext_lazy("对象名称或编号"),
    "person": gettext_lazy("人员"),
    "role": gettext_lazy("角色"),
    "street_office": gettext_lazy("街道办事处"),
    "residents_committee": gettext_lazy("居民区"),
    "address": gettext_lazy("地址"),
    "building_area": gettext_lazy("总建筑面积"),
    "term_number": gettext_lazy("届次"),
    "term_end": gettext_lazy("任期届满日"),
    "username": gettext_lazy("登录账号"),
    "expires_on": gettext_lazy("有效期至"),
    "voided": gettext_lazy("作废的登录码（签发时间）"),
    # Keys that are not a field of the record's target (a model's own fields read by their verbose name).
    "after": gettext_lazy("之后"),
    "before": gettext_lazy("之前"),
    "announced_on": gettext_lazy("公告日期"),
    "at": gettext_lazy("时间"),
    "attendees": gettext_lazy("到会人数"),
    "ballots_sha256": gettext_lazy("选票文件 SHA-256"),
    "bytes": gettext_lazy("文件大小（字节）"),
    "choices": gettext_lazy("表决意见"),
    "collectors": gettext_lazy("收票人"),
    "columns": gettext_lazy("列"),
    "condition": gettext_lazy("条件"),
    "counts": gettext_lazy("计数"),
    "created": gettext_lazy("新建"),
    "created_at": gettext_lazy("建立时间"),
    "day": gettext_lazy("日期"),
    "due": gettext_lazy("期限"),
    "demands_closed": gettext_lazy("随之办结的诉求"),
    "done": gettext_lazy("已完成"),
    "earliest": gettext_lazy("最早可删除日期"),
    "entry": gettext_lazy("录入记录"),
    "failures": gettext_lazy("失败次数"),
    "follow_ups": gettext_lazy("跟进事项数"),
    "holder": gettext_lazy("受托人"),
    "id": gettext_lazy("计票文件列名"),
    "incident": gettext_lazy("突发情况"),
    "item": gettext_lazy("事项"),
    "label": gettext_lazy("名称"),
    "late": gettext_lazy("逾期"),
    "left": gettext_lazy("剩余"),
    "milestone": gettext_lazy("节点"),
    "minutes": gettext_lazy("纪要"),
    "months": gettext_lazy("保留月数"),
    "needed": gettext_lazy("所需联名户数"),
    "notice": gettext_lazy("公示公告"),
    "original": gettext_lazy("原记录"),
    "panelists": gettext_lazy("评审团成员"),
    "participating": gettext_lazy("参与表决"),
    "proved_with": gettext_lazy("核验方式"),
    "questions": gettext_lazy("提问数"),
    "quorum_met": gettext_lazy("达到法定参与比例"),
    "recommended": gettext_lazy("推荐"),
    "recovery_codes": gettext_lazy("恢复码"),
    "resolution": gettext_lazy("核对说明"),
    "risk": gettext_lazy("风险"),
    "roster_sha256": gettext_lazy("名册 SHA-256"),
    "sections": gettext_lazy("部分"),
    "session": gettext_lazy("培训场次"),
    "side": gettext_lazy("签字方"),
    "slot": gettext_lazy("委托序号"),
    "snapshot_sha256": gettext_lazy("冻结名册及计票设置 SHA-256"),
    "step": gettext_lazy("步骤"),
    "subject": gettext_lazy("异议对象"),
    "subjects": gettext_lazy("涉及对象"),
    "supporters": gettext_lazy("联名业主房号"),
    "to": gettext_lazy("提问对象"),
    "total": gettext_lazy("合计"),
    "type": gettext_lazy("类型"),
    "user": gettext_lazy("账号"),
    "valid": gettext_lazy("有效"),
    "visitors": gettext_lazy("走访人"),
    "was_on": gettext_lazy("原日期"),
    # A roster import's counts (roster.importing.diff.RosterDiff.counts).
    "units_added": gettext_lazy("新增房屋"),
    "units_removed": gettext_lazy("删除房屋"),
    "units_changed": gettext_lazy("修改房屋"),
    "owners_added": gettext_lazy("新增业主"),
    "owners_removed": gettext_lazy("删除业主"),
    "owners_changed": gettext_lazy("修改业主"),
    "owners": gettext_lazy("业主"),
    "eligible_headcount": gettext_lazy("应参与表决人数"),
    "eligible_area": gettext_lazy("应参与表决面积"),
}

# Stored values of keys that are not a model field with choices, by key ("*": under any key).
VALUES: dict[str, dict[str, Promise]] = {
    "side": {"giver": gettext_lazy("交出方"), "receiver": gettext_lazy("接收方")},
    "*": {"yes": gettext_lazy("同意"), "no": gettext_lazy("反对"), "abstain": gettext_lazy("弃权")},
}

PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
LONGEST = 300


@lru_cache(maxsize=32)
def _resolved(table: str, language: str | None) -> dict[str, str]:
    """A label table in one language, resolved once (an export reads it for every row)."""
    return {key: str(label) for key, label in {"labels": LABELS, "groups": GROUPS, "fields": FIELDS}[table].items()}


@dataclass(frozen=True)
class ModelWords:
    """One model's fields by name: their verbose names, and their choices' labels by stored value."""

    fields: dict[str, str]
    values: dict[str, dict[str, str]]


def _model_words(model: Any) -> ModelWords:
    fields: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for field in model._meta.get_fields():
        if not hasattr(field, "verbose_name") or field.auto_created and not field.concrete:
            continue
        if str(field.verbose_name) != field.name.replace("_", " "):  # Django's default is the name itself
            fields[field.name] = str(field.verbose_name)
        if getattr(field, "choices", None):
            values[field.name] = {str(value): str(label) for value, label in field.flatchoices}
    return ModelWords(fields, values)


@dataclass(frozen=True)
class Words:
    """How a record's data reads in one language: field names and stored values.

    A key is labelled by FIELDS, else by the target model's field of that name, else by any
    huanjie model's field of that name; a value by the target model's choices for the key, else
    VALUES, else any huanjie model's choices for a field of that name. What none of them knows is
    shown as stored (a name, a number, a date, a hash).
    """

    fields: dict[str, str]
    values: dict[str, dict[str, str]]
    models: dict[str, ModelWords]
    everywhere: ModelWords

    def field(self, key: str, model: str = "") -> str:
        own = self.models.get(model)
        return (self.fields.get(key) or (own.fields.get(key) if own else None)
                or self.everywhere.fields.get(key) or key)

    def value(self, key: str, value: str, model: str = "") -> str | None:
        own = self.models.get(model)
        for table in ((own.values.get(key) if own else None), self.values.get(key), self.everywhere.values.get(key),
                      self.values.get("*")):
            if table and value in table:
                return table[value]
        if key == "type" and "." in value:
            label = type_label(value)
            return label if label != value else None
        return None


@lru_cache(maxsize=8)
def _words(language: str | None) -> Words:
    models = {model._meta.label_lower: _model_words(model) for model in apps.get_models()
              if model.__module__.startswith("huanjie.") or model._meta.label_lower == "auth.user"}
    everywhere = ModelWords({}, {})
    for own in models.values():
        for key, label in own.fields.items():
            everywhere.fields.setdefault(key, label)
        for key, table in own.values.items():
            merged = everywhere.values.setdefault(key, {})
            for value, label in table.items():
                merged.setdefault(value, label)
    from huanjie.candidates.models import CONDITION_LABELS  # a free-text field, its statutory values named here

    values = {key: {value: str(label) for value, label in table.items()}
              for key, table in {**VALUES, "condition": CONDITION_LABELS, "conditions": CONDITION_LABELS}.items()}
    return Words(_resolved("fields", language), values, models, everywhere)


def words() -> Words:
    """The field and value labels in the current language, to pass to show/changes for many records at once."""
    return _words(get_language())


def action_label(code: str) -> str:
    return _resolved("labels", get_language()).get(code, code)


def group_label(code: str) -> str:
    prefix = code.split(".", 1)[0]
    return _resolved("groups", get_language()).get(prefix, prefix)


def grouped_actions() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group prefix, group label, [(code, label)]) for the filter's list, in the order of GROUPS."""
    groups: dict[str, list[tuple[str, str]]] = {prefix: [] for prefix in GROUPS}
    for code in sorted(LABELS):
        groups.setdefault(code.split(".", 1)[0], []).append((code, action_label(code)))
    return [(prefix, group_label(prefix), codes) for prefix, codes in groups.items() if codes]


def type_label(target_type: str) -> str:
    """`voting.assembly` → the model's own name (业主大会表决, …); the raw type when it is not a model."""
    return _type_label(target_type, get_language()) if target_type else ""


@lru_cache(maxsize=512)
def _type_label(target_type: str, language: str | None) -> str:
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def field_label(key: str, model: str = "") -> str:
    return words().field(key, model)


def break_reason(reason: str) -> str:
    """The verifier's reason for a broken link (English, for logs), as the page says it."""
    found = re.fullmatch(r"expected record #(\d+), found #(\d+)", reason)
    if found:
        return _("应为第 %(expected)s 条记录，实为第 %(found)s 条（有记录被删除或插入）") % {
            "expected": found.group(1),
            "found": found.group(2),
        }
    known = {
        "previous_hash does not match the record before it": _("与前一条记录不衔接（前一条哈希不符）"),
        "content does not match its hash": _("内容与哈希不符（记录被改动过）"),
        "records after the last one were deleted (chain head differs)": _("最后的记录被删除（与链头不符）"),
    }
    return known.get(reason, reason)


def mask(text: str) -> str:
    """Every mobile number in the text, masked: 13812341234 → 138****1234."""
    return PHONE.sub(lambda found: mask_phone(found.group()), text)


def action_labels() -> dict[str, str]:
    """The action labels in the current language (code → label)."""
    return _resolved("labels", get_language())


def show(value: Any, *, key: str = "", vocabulary: Words | None = None, model: str = "") -> str:
    """One value as a person reads it: choices by their labels, dates in local time, yes/no, lists joined,
    nested keys by their labels, phones masked."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if "phone" in key and isinstance(value, str | int):
        return mask_phone(str(value)) or "—"
    vocabulary = vocabulary or words()
    if isinstance(value, list):
        return "、".join(show(item, key=key, vocabulary=vocabulary, model=model) for item in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{vocabulary.field(str(k), model)}：{show(v, key=str(k), vocabulary=vocabulary, model=model)}"
                        for k, v in value.items()) or "—"
    text = str(value)
    label = vocabulary.value(key, text, model)
    if label is not None:
        return label
    if MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{moment:%Y-%m-%d %H:%M}"
    text = mask(text)
    return text if len(text) <= LONGEST else text[:LONGEST] + "…"


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the field is not in that side (a creation has no "before")
    after: str | None


@dataclass(frozen=True)
class Detail:
    field: str
    value: str


def changes(data: dict[str, Any], vocabulary: Words | None = None, model: str = "",
            ) -> tuple[list[Change], list[Detail], int]:
    """The record's data as changes (fields whose value differs), details (the other keys), and how
    many fields of a before/after pair stayed the same. `model` is the record's target type, whose
    fields name the keys and whose choices name the values."""
    vocabulary = vocabulary or words()
    before = data.get("before") if isinstance(data.get("before"), dict) else None
    after = data.get("after") if isinstance(data.get("after"), dict) else None
    rows: list[Change] = []
    same = 0

    def shown(key: str, value: Any) -> str:
        return show(value, key=key, vocabulary=vocabulary, model=model)

    if before is not None or after is not None:
        keys = list(dict.fromkeys([*(after or {}), *(before or {})]))
        for key in keys:
            if (
                before is not None
                and after is not None
                and key in before
                and key in after
                and before[key] == after[key]
            ):
                same += 1
                continue
            old = shown(key, before[key]) if before is not None and key in before else None
            new = shown(key, after[key]) if after is not None and key in after else None
            rows.append(Change(vocabulary.field(key, model), old, new))
    details = [
        Detail(vocabulary.field(key, model), shown(key, value))
        for key, value in data.items()
        # a side of a pair that is a dict is in the changes; one that is empty (a first check) says nothing
        if not (key in ("before", "after") and (isinstance(value, dict) or value is None))
    ]
    return rows, details, same


def changes_text(data: dict[str, Any], vocabulary: Words | None = None, model: str = "") -> str:
    """The changes on one line, for the export: `状态：新登记 → 办理中；备注：…`."""
    rows, details, _same = changes(data, vocabulary, model)
    parts = [
        f"{row.field}：{row.before or '—'} → {row.after or '—'}"
        if row.before is not None
        else f"{row.field}：{row.after}"
        for row in rows
    ]
    parts += [f"{detail.field}：{detail.value}" for detail in details]
    return "；".join(parts)


def record_data(record: AuditRecord) -> dict[str, Any]:
    """The record's data, with a paper's readings keyed by their contests' titles instead of the
    tally file's column ids (`committee`, `lift-fund`), as the 核对 page shows them."""
    data = record.data if isinstance(record.data, dict) else {"data": record.data}
    if record.target_type != "voting.paperreading" or "choices" not in str(data):
        return data
    from huanjie.voting.models import Contest, PaperReading

    assembly = PaperReading.objects.filter(pk=record.target_id).values_list("assembly_id", flat=True).first()
    titles = dict(Contest.objects.filter(assembly_id=assembly).values_list("spec_id", "title"))
    return _retitled(data, titles) if titles else data


def _retitled(value: Any, titles: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: ({titles.get(k, k): v for k, v in item.items()} if key == "choices" and isinstance(item, dict)
                      else _retitled(item, titles)) for key, item in value.items()}
    if isinstance(value, list):
        return [_retitled(item, titles) for item in value]
    return value


def actor_text(label: str) -> str:
    """Who acted: the account, or 系统 for what the system did by itself (stored as "system")."""
    return _("系统") if label in ("", "system") else label


@dataclass(frozen=True)
class Entry:
    record: AuditRecord
    actor: str
    label: str
    group: str
    type_label: str
    target_label: str
    changes: list[Change]
    details: list[Detail]
    unchanged: int
    problem: str  # "" when the record verifies; "content" or "link"


def present(record: AuditRecord, problem: str = "") -> Entry:
    rows, details, same = changes(record_data(record), model=record.target_type)
    return Entry(
        record,
        actor_text(record.actor_label),
        action_label(record.code),
        group_label(record.code),
        type_label(record.target_type),
        mask(record.target_label),
        rows,
        details,
        same,
        problem,
    )
