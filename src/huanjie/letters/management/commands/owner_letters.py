"""`huanjie owner_letters <community> --expires DATE --site URL --out FILE`: 告业主书 from a terminal.

For large communities: the same service as the letters page, with a progress bar while the PDF is
drawn. By default only the units without a letter get one (`--scope missing`); `--scope all` or
`--building NAME` reissue, and void the codes not yet used, only with `--yes`; `--unit CODE`
reissues one unit's letter. The PDF holds the only copy of the codes: it is written readable by
its owner only (mode 600).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from huanjie.letters import services
from huanjie.letters.errors import LettersError
from huanjie.roster.models import Community, Unit
from huanjie.visits.errors import VisitError
from huanjie.visits.services import find_unit


class Command(BaseCommand):
    help = "Issue owner letters (告业主书) with sign-in codes as one PDF: units without one, a building, or all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("community", help="the community's address code (the part after /c/ in its pages)")
        parser.add_argument("--expires", required=True, type=date.fromisoformat,
                            help="last day the codes sign in, YYYY-MM-DD")
        parser.add_argument("--site", required=True, help="the address owners open, e.g. https://huanjie.jiedao.gov.cn")
        parser.add_argument("--out", required=True, type=Path, help="the PDF to write (refused if it exists)")
        parser.add_argument("--scope", choices=["missing", "all"], default="missing",
                            help="missing: units without a valid letter (default); all: every unit")
        parser.add_argument("--building", help="only this building's units (reissued)")
        parser.add_argument("--unit", help="reissue this one unit's letter")
        parser.add_argument("--yes", action="store_true", help="void unused codes of units that are reissued")

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"没有代码为“{options['community']}”的小区 (no community {options['community']!r})")
        out: Path = options["out"]
        if out.exists():
            raise CommandError(f"文件已存在：{out}（不覆盖）(file exists, not overwritten)")
        today = timezone.localdate()
        header = services.letter_header(community, site=options["site"], expires_on=options["expires"], today=today)
        try:
            if options["unit"]:
                run = services.reissue_letter(unit=find_unit(community=community, code=options["unit"]),
                                              expires_on=options["expires"], header=header, actor=None, today=today)
            else:
                units = self._units(community, options, today)
                with tqdm(total=len(units), desc="告业主书", unit="封", file=sys.stderr) as bar:
                    run = services.issue_letters(community=community, units=units, expires_on=options["expires"],
                                                 header=header, actor=None, today=today, progress=bar.update)
        except (LettersError, VisitError) as error:
            raise CommandError(str(error)) from None
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(run.pdf)
        self.stdout.write(self.style.SUCCESS(
            f"已签发 {len(run.issued)} 封告业主书：{out}（登录码只在这份 PDF 里，请打印后妥善保管）"
            f" ({len(run.issued)} letters written)"))

    def _units(self, community: Community, options: dict[str, Any], today: date) -> list[Unit]:
        if options["building"]:
            found = Unit.objects.filter(community=community, building__name=options["building"])
            if not found.exists():
                raise CommandError(f"没有楼栋“{options['building']}”或该楼栋没有房屋 (no such building)")
        elif options["scope"] == "all":
            found = Unit.objects.filter(community=community)
        else:
            found = services.units_without_letter(community, today=today)
        units = list(found.order_by("building__sort_key", "building__name", "sort_key", "code"))
        voiding = services.valid_letters(community, today=today).filter(unit__in=units).count()
        if voiding and not options["yes"]:
            raise CommandError(f"有 {voiding} 份尚未使用的登录码会作废；确认的请加 --yes "
                               f"({voiding} unused codes would be voided; add --yes)")
        return units
