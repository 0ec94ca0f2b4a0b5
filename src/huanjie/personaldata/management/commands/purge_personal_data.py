"""`huanjie purge_personal_data [--community SLUG] [--dry-run]`: erase what the law no longer needs.

Without --community, every community whose date has come is purged (one transaction each) and the
others are listed with the reason they are not. --dry-run only counts, and writes nothing.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from huanjie.personaldata.errors import PersonalDataError
from huanjie.personaldata.purge import LABELS, plan_purge, purge_personal_data, steps
from huanjie.personaldata.retention import retention_of
from huanjie.roster.models import Community

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Erase or pseudonymise re-election personal data after the one-year challenge period (JI art. 12)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG", help="only this community (its code)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be erased; write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        communities = Community.objects.order_by("slug")
        if options["community"]:
            communities = communities.filter(slug=options["community"])
            if not communities.exists():
                raise CommandError(f"没有代码为“{options['community']}”的小区 (no community {options['community']!r})")
        today = timezone.localdate()
        refused = []
        for community in communities:
            try:
                self._one(community, today, dry_run=options["dry_run"])
            except PersonalDataError as error:
                refused.append(community)
                self.stderr.write(str(error))
                logger.warning("personal data of %s not purged: %s", community.slug, type(error).__name__)
        if options["community"] and refused and not options["dry_run"]:
            raise SystemExit(1)

    def _one(self, community: Community, today: Any, *, dry_run: bool) -> None:
        retention = retention_of(community)
        refusal = retention.refusal(today)
        if dry_run:
            counts = plan_purge(retention)
            self._print(community, counts, title="试运行（未写入任何数据）/ dry run, nothing written")
            if refusal is not None:
                self.stderr.write(str(refusal))
            return
        if refusal is not None:
            raise refusal
        with tqdm(total=len(steps(retention)), desc=community.slug, unit="项", file=sys.stderr, leave=False) as bar:
            outcome = purge_personal_data(
                community=community, actor=None, today=today, on_step=lambda _key: bar.update()
            )
        self._print(community, outcome.counts, title="已删除 / erased")

    def _print(self, community: Community, counts: dict[str, int], *, title: str) -> None:
        self.stdout.write(f"{community.name}（{community.slug}）：{title}")
        for key, count in counts.items():
            self.stdout.write(f"  {LABELS[key]}\t{count}")
        self.stdout.write(f"  合计 / total\t{sum(counts.values())}")
