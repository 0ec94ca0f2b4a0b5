from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from huanjie.demo.build import demo_exists, issue_demo_owner_code, load_demo
from huanjie.demo.users import ADMIN_LOGIN, DEMO_LOGINS, DEMO_PASSWORD
from huanjie.demo.voting import DEMO_VOTING_CODE
from huanjie.privacy import phone_tail


class Command(BaseCommand):
    help = "Load the demo community 五月花生活广场 (480 units) with one login per role, and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-absent", action="store_true", help="do nothing but print logins if loaded")
        parser.add_argument("--address", default="http://127.0.0.1:8000",
                            help="where the server listens, for the printed links (make run passes its HOST:PORT)")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            if not options["if_absent"]:
                self.stderr.write("The demo community is already loaded (use --if-absent to just print logins).")
                raise SystemExit(1)
        else:
            community = load_demo(today=timezone.localdate())
            self.stdout.write(f"已载入演示小区：{community.name}（{community.units.count()} 套房屋）")
        self._print_logins(options["address"].rstrip("/"))

    def _print_logins(self, address: str) -> None:
        issued = issue_demo_owner_code()
        owner = issued.unit.owners.first()
        tail = phone_tail(owner.phone) if owner else ""
        self.stdout.write(f"\n演示账号 / demo logins   {address}/accounts/login/")
        for login in [*DEMO_LOGINS, ADMIN_LOGIN]:
            self.stdout.write(f"  {login.role_label:<10} {login.username:<10} 密码 {DEMO_PASSWORD}")
        self.stdout.write(f"  业主登录  {address}/accounts/owner/  小区 五月花生活广场"
                          f"  房号 {issued.unit.code}  手机后四位 {tail}  登录码 {issued.code}\n")
        self.stdout.write(f"  网上投票  {address}/vote/  表决码 {DEMO_VOTING_CODE}  手机后四位 {tail}\n")
