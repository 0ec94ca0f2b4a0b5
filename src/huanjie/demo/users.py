"""One demo login per role, printed by `make run`."""

from __future__ import annotations

from dataclasses import dataclass

# Printed by `make run` for the fictional demo community only; real accounts set their own.
DEMO_PASSWORD = "huanjie-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    role_label: str


DEMO_LOGINS = [
    DemoLogin("jiedao", "王主任", "supervisor", "街道督导"),
    DemoLogin("xiaozu", "李老师", "working_group", "换届改选小组成员"),
    DemoLogin("pingshen", "陈律师", "panelist", "评审团成员"),
    DemoLogin("jianpiao", "赵阿姨", "scrutineer", "监票人/计票人"),
]
ADMIN_LOGIN = DemoLogin("admin", "系统管理员", "superuser", "系统管理员")
DEMO_OWNER_UNIT = "1-0502"
