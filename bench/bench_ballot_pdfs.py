"""How fast are the ballot papers (表决票) printed? 5,000 voting entities in one PDF.

    python bench/bench_ballot_pdfs.py [--quick] [--entities 5000]

Sets up Django on a fresh SQLite database in a temporary directory (or on PostgreSQL when
DATABASE_URL names a database starting with "bench"), builds a community of `--entities`
units with one owner each, opens an assembly with a 7-candidate election and two motions
(the roster freezes, one paper per entity), then measures, in the same run:

1. baseline: `--entities` pages of one line each, written by reportlab with the same CJK font;
2. rendering only: every sheet, from papers already loaded (`huanjie.voting.pdf.render_ballots`);
3. what "打印全部表决票" does: issue fresh codes for every unused paper, load them and render.

Target: row 3 under 60 s for 5,000 entities. --quick: 500 entities.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from decimal import Decimal

from _django import set_up_django

TARGET_SECONDS = 60.0
CANDIDATES = ["周建华", "吴秀英", "郑国强", "王丽娟", "冯志明", "陈晓燕", "褚卫东"]


def build(entities: int):  # type: ignore[no-untyped-def]
    """A community of `entities` units, one owner each, and its assembly opened (the roster frozen)."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from huanjie.notices.services import create_notice, publish_notice
    from huanjie.roster.models import Building, Community, Owner, Ownership, StreetOffice, Unit
    from huanjie.voting.models import ContestKind
    from huanjie.voting.services import add_contest, create_assembly, open_voting, seal_box

    office = StreetOffice.objects.create(name="芷江西路街道", code="bench")
    community = Community.objects.create(street_office=office, slug="bench", name="五月花生活广场")
    buildings = Building.objects.bulk_create(
        [Building(community=community, name=f"{n}号楼", sort_key=n) for n in range(1, entities // 200 + 2)])
    units = Unit.objects.bulk_create([
        Unit(community=community, building=buildings[i // 200], code=f"{i // 200 + 1}-{i % 200 + 101}",
             floor=1, area=Decimal("60.00") + Decimal(i % 90))
        for i in range(entities)])
    owners = Owner.objects.bulk_create([
        Owner(community=community, identifier=f"o{i}", name=f"业主{i}", phone=f"139{i:08d}")
        for i in range(entities)])
    Ownership.objects.bulk_create([Ownership(community=community, unit=u, owner=o)
                                   for u, o in zip(units, owners, strict=True)])
    staff = get_user_model().objects.create_user("bench")
    now = timezone.now()
    assembly = create_assembly(community=community, title="五月花生活广场第二届业主委员会选举业主大会",
                               opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7),
                               counting_place="小区会所一楼活动室", actor=staff)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举第二届业主委员会委员", seats=5, candidates=CANDIDATES, actor=staff)
    add_contest(assembly=assembly, spec_id="lift-fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="使用专项维修资金更换 3 号楼、5 号楼电梯", actor=staff)
    add_contest(assembly=assembly, spec_id="covenant", kind=ContestKind.MOTION, matter="management-covenant",
                title="修改管理规约", actor=staff)
    seal_box(assembly=assembly, label="1号票箱", seal_number="F-1", sealed_before="监票人", actor=staff)
    first = timezone.localdate(assembly.opens_at)  # the vote is announced 15 days before its first day
    for kind, event in (("roster_and_rules", None), ("election", first)):
        notice = create_notice(community=community, reelection=None, kind=kind, title=kind, body="公告",
                               issuer="换届改选小组", period_days=0 if event else 7, event_on=event, actor=staff)
        publish_notice(notice=notice, actor=staff, today=first - timedelta(days=15))
    return open_voting(assembly=assembly, actor=staff), staff


def baseline(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from huanjie.notices.pdf import cjk_font

    font = cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    for n in range(pages):
        canvas.setFont(font, 12)
        canvas.drawString(72, 760, f"表决票 {n:05d}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(action: Callable[[], bytes]) -> tuple[float, bytes]:
    started = time.perf_counter()
    data = action()
    return time.perf_counter() - started, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="500 entities (smoke test)")
    parser.add_argument("--entities", type=int, default=5000)
    args = parser.parse_args()
    entities = 500 if args.quick else args.entities
    set_up_django(prefix="bench-ballots-")
    import pypdf
    from django.conf import settings

    from huanjie.voting.pdf import header_of, render_ballots, render_papers, sheet_of
    from huanjie.voting.services import issue_voting_codes

    started = time.perf_counter()
    assembly, staff = build(entities)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{engine}: {entities:,} entities built and frozen in {time.perf_counter() - started:.1f} s")
    url = "https://huanjie.example.org/vote/"

    base_s, base_pdf = timed(lambda: baseline(entities))
    papers = list(assembly.papers.select_related("entity").order_by("serial"))
    header = header_of(assembly, vote_url=url)
    sheets = [sheet_of(paper, "ABCD2345") for paper in papers]
    render_s, render_pdf = timed(lambda: render_ballots(header, sheets))

    def print_all() -> bytes:
        issued = issue_voting_codes(assembly=assembly, actor=staff)
        return render_papers(assembly, [(item.paper, item.code) for item in issued], vote_url=url)

    full_s, full_pdf = timed(print_all)
    pages = len(pypdf.PdfReader(io.BytesIO(full_pdf)).pages)
    if pages != entities:
        print(f"FAIL: {pages} pages for {entities} entities")
        return 1

    print(f"\n{'what':<44}{'pages':>7}{'seconds':>9}{'pages/s':>9}{'MB':>7}  target")
    met = full_s < TARGET_SECONDS * entities / 5000
    rows = [("baseline: one line per page (reportlab)", base_s, base_pdf, ""),
            ("ballot sheets, rendering only", render_s, render_pdf, ""),
            ("print all: issue codes + load + render", full_s, full_pdf,
             ("ok" if met else "MISSED") + f" (< {TARGET_SECONDS:.0f} s / 5,000)")]
    for label, seconds, data, verdict in rows:
        print(f"{label:<44}{entities:>7,}{seconds:>9.2f}{entities / seconds:>9.0f}{len(data) / 1e6:>7.1f}  {verdict}")
    print(f"\nsheet vs baseline: {render_s / base_s:.1f}x the time of a one-line page")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
