"""`huanjie import_roster <community-slug> <file> [--yes] [--area-source register|survey|contract]`:
the web import, from a terminal.

Checks the whole file and prints every bad row (exit status 2, nothing written), else prints
the difference against the stored roster; only with --yes is it applied, in one transaction.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from huanjie.roster import services
from huanjie.roster.errors import RosterError, RosterFileInvalid
from huanjie.roster.importing import FileTooLarge, RosterDiff, parse_roster
from huanjie.roster.models import AreaSource, Community

SHOWN = 20


class Command(BaseCommand):
    help = "Import a roster file (CSV or XLSX) into a community: print the difference; apply it with --yes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("community", help="the community's slug")
        parser.add_argument("file", type=Path, help="roster.csv or roster.xlsx (tally.md or Chinese headers)")
        parser.add_argument("--yes", action="store_true", help="apply the difference (without it nothing is written)")
        parser.add_argument("--area-source", choices=[AreaSource.REGISTER, AreaSource.SURVEY, AreaSource.CONTRACT],
                            help="where the areas come from when the file does not say (JI art. 8); "
                                 "without it such areas are recorded as unstated")

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"没有代码为“{options['community']}”的小区 (no community {options['community']!r})")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path} (file not found)")
        limit = settings.HUANJIE_MAX_IMPORT_BYTES
        if path.stat().st_size > limit:
            self._fail([f"{path.name}：文件超过 {limit} 字节，未读取 (file larger than {limit} bytes)"])
        with path.open("rb") as stream, tqdm(desc="检查", unit="行", file=sys.stderr, leave=False) as bar:
            try:
                parsed = parse_roster(path.name, stream, max_bytes=limit, progress=bar.update,
                                      area_source=options["area_source"])
            except FileTooLarge:
                self._fail([f"{path.name}：文件超过 {limit} 字节，未读取 (file larger than {limit} bytes)"])
            except RosterFileInvalid as error:
                self._fail([f"{problem} ({problem.en})" for problem in error.problems])
        _, parsed, diff = services.compare(community, parsed)
        self._print(diff)
        if diff.empty:
            return
        if not options["yes"]:
            self.stdout.write("未写入名册；确认无误后加 --yes 再运行一次。 (nothing written; add --yes to apply)")
            return
        try:
            with transaction.atomic():  # staged and applied together: a failure leaves no pending import behind
                staged = services.stage_roster_import(community=community, parsed=parsed, actor=None)
                services.apply_roster_import(roster_import=staged, actor=None)
        except RosterError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"已导入 {community.name} 的名册。 (applied)"))

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        self.stderr.write(f"共 {len(lines)} 处问题，未写入任何内容。 ({len(lines)} problem(s), nothing written)")
        raise SystemExit(2)

    def _print(self, diff: RosterDiff) -> None:
        out = self.stdout.write
        out(f"应参与表决业主人数 {diff.before.headcount} → {diff.after.headcount}；"
            f"专有部分面积 {diff.before.area} → {diff.after.area} ㎡；"
            f"房屋 {diff.before.units} → {diff.after.units}；业主 {diff.before.owners} → {diff.after.owners}")
        if diff.empty:
            out("文件与现有名册一致，没有变化。 (no change)")
            return
        c = diff.counts()
        out(f"房屋：新增 {c['units_added']}，删除 {c['units_removed']}，修改 {c['units_changed']}；"
            f"业主：新增 {c['owners_added']}，删除 {c['owners_removed']}，修改 {c['owners_changed']}")
        for unit in diff.added_units[:SHOWN]:
            out(f"  + {unit.code}  {unit.area} ㎡  {';'.join(o.identifier for o in unit.owners)}")
        for gone in diff.removed_units[:SHOWN]:
            out(f"  - {gone.code}  {gone.area} ㎡  {';'.join(gone.owners)}")
        for changed in diff.changed_units[:SHOWN]:
            for change in changed.changes:
                out(f"  ~ {changed.code}  {change.label}：{change.before or '—'} → {change.after or '—'}")
        for owner in diff.changed_owners[:SHOWN]:
            for change in owner.changes:
                out(f"  ~ {owner.identifier}  {change.label}：{change.before or '—'} → {change.after or '—'}")
        hidden = sum(max(len(items) - SHOWN, 0) for items in (diff.added_units, diff.removed_units,
                                                                diff.changed_units, diff.changed_owners))
        if hidden:
            out(f"  …… 另有 {hidden} 项未列出")
