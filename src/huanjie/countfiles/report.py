"""The readable report: the results table of a 业主大会 results notice, in Chinese.

Percentages are shown for reading only, rounded half up to two places; what passed was
decided by `huanjie.rules` with exact fractions.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from huanjie.rules import (
    Contest,
    ElectionResult,
    FlagKind,
    JoinRule,
    Matter,
    MotionResult,
    Result,
    WriteInRule,
    format_area,
)

FLAG_WORDS = {
    FlagKind.UNKNOWN_UNIT: "单元不在名册中，该票不计",
    FlagKind.MIXED_ENTITIES: "一张票涉及多个表决主体，该票不计",
    FlagKind.DUPLICATE_UNIT: "单元已由在先的有效票表决，该单元不重复计入",
    FlagKind.UNKNOWN_CANDIDATE: "填写了非候选人，该姓名不计，所选候选人仍有效",
    FlagKind.OVER_VOTE: "选择人数超过限额，该事项选择无效",
    FlagKind.ENTITY_CONFLICT: "同一表决主体的多张票意见不一，其人数票不计入不一致的选项",
}
# With write_in = "void-contest" (where the rules of procedure say so), rule 5 of spec/tally.md.
VOID_CONTEST_WORDS = "填写了非候选人，该事项选择无效"
JOIN_WORDS = {
    JoinRule.IDENTICAL_OWNERS: "同一业主（业主完全相同）拥有的多套房屋按一人计算",
    JoinRule.SHARED_OWNER: "有共同业主的房屋（含经共有人间接相连的）合并按一人计算（依议事规则）",
}
WRITE_IN_WORDS = {
    WriteInRule.IGNORE_NAME: "填写的非候选人姓名不计，所选候选人仍有效",
    WriteInRule.VOID_CONTEST: "填写非候选人的，该事项选择无效（依议事规则）",
}
NUMERALS = "一二三四五六七八九十"


def render_report(
    result: Result,
    contests: Sequence[Contest],
    files: Sequence[tuple[str, str]] = (),
    *,
    join: JoinRule = JoinRule.IDENTICAL_OWNERS,
    write_in: WriteInRule = WriteInRule.IGNORE_NAME,
) -> str:
    """The report; `files`, the name and SHA-256 of each file counted, end it, so that anyone
    can check they counted the files the results notice and the export name. `join` and
    `write_in`, election.toml's settings, are named under the rules."""
    lines = [
        "业主大会表决结果",
        f"计票规则：{result.rules}（《民法典》第二百七十八条）",
        f"业主人数：{JOIN_WORDS[join]}（join = {join.value}；"
        "《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第九条）",
        f"非候选人：{WRITE_IN_WORDS[write_in]}（write_in = {write_in.value}）",
        "",
    ]
    lines += _participation(result)
    for n, (contest, outcome) in enumerate(zip(contests, result.contests, strict=True)):
        lines.append("")
        heading = f"{NUMERALS[n] if n < len(NUMERALS) else n + 1}、{contest.id}（{_threshold(contest.matter)}）"
        lines.append(heading)
        if isinstance(outcome, ElectionResult):
            lines += _election(outcome, result)
        elif isinstance(outcome, MotionResult):
            lines += _motion(outcome, result)
    lines.append("")
    lines += _flags(result, write_in)
    if files:
        lines += ["", "所计文件（可与结果公告、导出包 README.txt 中的 SHA-256 逐一核对）："]
        lines += [f"{name} SHA-256：{digest}" for name, digest in files]
    return "\n".join(lines) + "\n"


def _participation(result: Result) -> list[str]:
    part, elig = result.participating, result.eligible
    rows = [
        ["", "人数", "面积（㎡）"],
        ["应参与表决", str(elig.headcount), format_area(elig.area)],
        [
            "实际参与表决",
            f"{part.headcount}（{_percent(part.headcount, elig.headcount)}）",
            f"{format_area(part.area)}（{_percent(part.area, elig.area)}）",
        ],
    ]
    verdict = "是" if result.quorum_met else "否"
    return [*_table(rows), f"是否达到法定参与比例（人数、面积均三分之二以上）：{verdict}"]


def _threshold(matter: Matter) -> str:
    share = "四分之三以上" if matter.needs_three_quarters else "过半数"
    return f"第{matter.item}项 {matter.label}，须参与表决人数、面积均{share}同意"


def _election(outcome: ElectionResult, result: Result) -> list[str]:
    part = result.participating
    rows = [["候选人", "同意人数", "同意面积（㎡）", "是否通过", "是否当选"]]
    for c in outcome.candidates:
        rows.append(
            [
                c.name,
                f"{c.support.headcount}（{_percent(c.support.headcount, part.headcount)}）",
                f"{format_area(c.support.area)}（{_percent(c.support.area, part.area)}）",
                "通过" if c.passed else "未通过",
                "当选" if c.elected else "—",
            ]
        )
    return [
        f"应选 {outcome.seats} 名",
        *_table(rows),
        f"当选：{_names(outcome.elected)}",
        f"得票相同、须另行表决：{_names(outcome.tied)}",
        f"空缺席位：{outcome.vacancies}",
    ]


def _motion(outcome: MotionResult, result: Result) -> list[str]:
    part = result.participating
    rows = [["", "人数", "面积（㎡）"]]
    for word, totals in (("同意", outcome.yes), ("反对", outcome.no), ("弃权", outcome.abstain)):
        rows.append(
            [
                word,
                f"{totals.headcount}（{_percent(totals.headcount, part.headcount)}）",
                f"{format_area(totals.area)}（{_percent(totals.area, part.area)}）",
            ]
        )
    return [*_table(rows), f"结果：{'通过' if outcome.passed else '未通过'}"]


def _flags(result: Result, write_in: WriteInRule) -> list[str]:
    if not result.flags:
        return ["计票标记：无"]
    words = dict(FLAG_WORDS)
    if write_in is WriteInRule.VOID_CONTEST:
        words[FlagKind.UNKNOWN_CANDIDATE] = VOID_CONTEST_WORDS
    kinds = Counter(flag.flag for flag in result.flags)
    lines = [f"计票标记：共 {len(result.flags)} 条"]
    lines += [f"  {words[kind]}（{kind.value}）：{kinds[kind]} 条" for kind in FlagKind if kinds[kind]]
    lines.append("明细：")
    for flag in result.flags:
        about = " ".join(filter(None, [flag.ballot, flag.unit and f"单元 {flag.unit}", flag.contest]))
        lines.append(f"  {about}：{words[flag.flag]}（{flag.flag.value}）")
    return lines


def _names(names: Sequence[str]) -> str:
    return "、".join(names) if names else "无"


def _percent(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return "—"
    exact = Fraction(part) * 100 / Fraction(whole)
    shown = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{shown}%"


def _table(rows: list[list[str]]) -> list[str]:
    """Columns padded to their display width (a Chinese character is two columns wide)."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
