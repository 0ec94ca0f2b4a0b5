"""The audit log reads in Chinese: every field name and stored value reaches the reader through a
label — not `status: assigned → in_progress`, `handler: property_company`, `ledgers.demand.closed`
(issue 15, finding 9)."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from django.apps import apps
from django.urls import reverse
from django.utils import translation

import huanjie
from huanjie.audit.exporting import rows
from huanjie.audit.models import AuditRecord
from huanjie.audit.presenting import Entry, actor_text, changes_text, present, words
from tests.conftest import client_for

CJK = re.compile(r"[\u4e00-\u9fff]")
# A code as the source writes it: snake_case, kebab-case or dotted words (in_progress, lift-fund, ledgers.demand).
CODE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:[_.-][a-z][a-z0-9]*)+(?![\w/-])")
ALLOWED_IN_LABELS = {"SHA-256"}


def raw_choice_values() -> set[str]:
    """Every value a huanjie model stores for a choice (draft, open, counted, property_company, ...)."""
    return {str(value) for model in apps.get_models() if model.__module__.startswith("huanjie.")
            for field in model._meta.concrete_fields if field.choices for value, _label in field.flatchoices
            if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_-]*", value)}


def code_in(text: str, choices: set[str]) -> list[str]:
    found = CODE.findall(text)
    # a lone word that is a stored choice value: a value shown as stored
    found += [word for word in re.findall(r"(?<![\w./-])[a-z][a-z0-9_-]*(?![\w./-])", text) if word in choices]
    return found


def label_problems(label: str) -> list[str]:
    rest = label
    for allowed in ALLOWED_IN_LABELS:
        rest = rest.replace(allowed, "")
    return [label] if re.search(r"[A-Za-z]", rest) else []


def entry_problems(entry: Entry, choices: set[str]) -> list[str]:
    where = f"#{entry.record.sequence} {entry.record.code}"
    found = [f"{where}: action {entry.label!r}" for _ in label_problems(entry.label)]
    if entry.record.target_type:
        found += [f"{where}: target type {entry.type_label!r}" for _ in label_problems(entry.type_label)]
    for change in entry.changes:
        found += [f"{where}: field {label!r}" for label in label_problems(change.field)]
        for value in (change.before or "", change.after or ""):
            found += [f"{where}: {change.field} = {code!r}" for code in code_in(value, choices)]
    for detail in entry.details:
        found += [f"{where}: field {label!r}" for label in label_problems(detail.field)]
        found += [f"{where}: {detail.field} = {code!r}" for code in code_in(detail.value, choices)]
    return found


def test_a_demand_moving_on_reads_as_its_labels(db, wuyuehua):
    record = AuditRecord(sequence=1, code="ledgers.demand.started", target_type="ledgers.demand",
                         data={"before": {"status": "assigned", "handler": "property_company"},
                               "after": {"status": "in_progress", "handler": "property_company"}})
    with translation.override("zh-hans"):
        entry = present(record)
        assert [(c.field, c.before, c.after) for c in entry.changes] == [("状态", "已分派", "办理中")]
        assert entry.label == "开始办理诉求" and entry.actor == "系统"
    with translation.override("en"):
        assert "In progress" in changes_text(record.data, words(), "ledgers.demand")


def test_a_value_is_read_by_the_target_models_choices_first():
    with translation.override("zh-hans"):
        vocabulary = words()
        assembly, objection = (vocabulary.value("status", "open", model) for model in ("voting.assembly",
                                                                                      "notices.objection"))
        assert assembly != objection
        assert words().value("side", "giver") == "交出方"
        assert words().value("anything", "abstain") == "弃权"
        assert words().value("status", "a name") is None


def test_the_system_acts_as_系统():
    with translation.override("zh-hans"):
        assert actor_text("system") == "系统" and actor_text("xiaozu") == "xiaozu"


def test_the_check_sees_code_in_a_value():
    choices = {"open", "draft"}
    assert code_in("办理中 → in_progress", choices) == ["in_progress"]
    assert code_in("lift-fund：no；ledgers.demand.closed", choices) == ["lift-fund", "ledgers.demand.closed"]
    assert code_in("open", choices) == ["open"]
    assert code_in("B000001、1-0301、WYH-F-001、王先生、a8f1d4f0", choices) == []
    assert label_problems("SHA-256") == [] and label_problems("created at") == ["created at"]


def test_every_record_of_the_demo_reads_in_chinese(db):
    """The demo writes nearly every kind of record through the services: none shows code to a reader."""
    from huanjie.demo.build import load_demo

    load_demo(today=date(2026, 11, 29))
    records = list(AuditRecord.objects.order_by("sequence"))
    choices = raw_choice_values()
    with translation.override("zh-hans"):
        problems = [problem for record in records for problem in entry_problems(present(record), choices)]
        exported = [row[9] for row in rows(records, {})]
    assert len(records) > 500
    # The tally file's column ids (`committee`, `lift-fund`) are identifiers by spec/tally.md, like serials.
    assert [problem for problem in problems if "计票文件列名 = " not in problem] == []
    exported = [re.sub(r"计票文件列名：[\w-]+", "", str(text)) for text in exported]
    assert [code for text in exported for code in code_in(text, choices)] == []


def test_the_log_page_does_not_show_the_action_codes(db, alice, wuyuehua):
    from huanjie import audit

    audit.record("ledgers.demand.closed", actor=alice, community_id=wuyuehua.pk,
                 data={"before": {"status": "answered"}, "after": {"status": "closed"}})
    page = client_for(alice).get(reverse("audit:log", args=[wuyuehua.slug])).content.decode()
    shown = re.sub(r"<[^>]+>", " ", page)
    assert "关闭诉求" in shown and "已办结" in shown
    assert "ledgers.demand.closed" not in shown and "answered" not in shown


def _literal_data_keys() -> dict[str, str]:
    """Every key written as a literal in `audit.record(..., data={...})`, with where (before/after included)."""
    keys: dict[str, str] = {}
    root = Path(huanjie.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "record"
                    and getattr(call.func.value, "id", "") == "audit"):
                continue
            for keyword in call.keywords:
                if keyword.arg == "data":
                    for node in ast.walk(keyword.value):
                        if isinstance(node, ast.Dict):
                            for key in node.keys:
                                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                                    keys.setdefault(key.value, f"{path.relative_to(root)}:{call.lineno}")
    return keys


def test_every_key_the_source_writes_into_a_record_has_a_chinese_label():
    keys = _literal_data_keys()
    assert {"before", "after", "serial", "resolution"} <= set(keys)
    with translation.override("zh-hans"):
        vocabulary = words()
        missing = sorted(f"{key} ({where})" for key, where in keys.items()
                         if not CJK.search(vocabulary.field(key)) and vocabulary.field(key) not in ALLOWED_IN_LABELS)
    assert missing == []


def test_the_admin_list_shows_the_labels_too(db, alice, wuyuehua):
    from django.contrib.auth import get_user_model

    from huanjie import audit

    audit.record("ledgers.demand.closed", actor=alice, community_id=wuyuehua.pk,
                 data={"before": {"status": "answered"}, "after": {"status": "closed"}})
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 20)
    page = client_for(root).get(reverse("admin:audit_auditrecord_changelist")).content.decode()
    assert "关闭诉求" in page and "已答复 → 已办结" in page.replace("&gt;", ">")
    assert "ledgers.demand.closed" not in re.sub(r"<[^>]+>", " ", page)


def test_the_admin_names_models_and_fields_in_chinese(db, alice, wuyuehua):
    """'Meeting questions' and 'User:' were in the admin (issue 15, finding 9)."""
    from django.contrib.auth import get_user_model

    from huanjie.accounts.models import Membership

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 20)
    client = client_for(root)
    index = re.sub(r"<[^>]+>", " ", client.get(reverse("admin:index")).content.decode())
    assert "见面会提问" in index and "Meeting questions" not in index
    membership = Membership.objects.filter(user=alice).first()
    page = re.sub(r"<[^>]+>", " ", client.get(reverse("admin:accounts_membership_change",
                                                       args=[membership.pk])).content.decode())
    assert "用户" in page and "User:" not in page


def test_every_app_and_model_of_huanjie_has_a_chinese_name():
    """The admin's index, the audit log's object types and the exports name them (issue 15, finding 9)."""
    with translation.override("zh-hans"):
        apps_in_english = [config.label for config in apps.get_app_configs()
                           if config.name.startswith("huanjie.") and not CJK.search(str(config.verbose_name))]
        models_in_english = [model._meta.label for model in apps.get_models() if model.__module__.startswith("huanjie.")
                             and not (CJK.search(str(model._meta.verbose_name))
                                      and CJK.search(str(model._meta.verbose_name_plural)))]
    assert apps_in_english == [] and models_in_english == []
