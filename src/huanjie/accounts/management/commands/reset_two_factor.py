from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.accounts import two_factor


class Command(BaseCommand):
    help = ("Remove a staff user's two-step sign-in (phone and recovery codes lost): "
            "`huanjie reset_two_factor <username> --reason \"...\"`. Written to the audit chain.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why, for the audit record (e.g. the ticket number)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if not options["reason"].strip():
            raise CommandError("--reason must not be empty")
        if two_factor.reset(user=user, reason=options["reason"].strip()):
            self.stdout.write(f"已为 {user.get_username()} 关闭两步验证。")
            self.stdout.write(f"two-step sign-in removed for {user.get_username()}")
        else:
            self.stdout.write(f"{user.get_username()} 没有设置两步验证。")
            self.stdout.write(f"{user.get_username()} has no two-step sign-in")
