"""How the code's article references read to people: the one place that turns "SH art. 28" into
《上海市住宅物业管理规定》第二十八条 (and "Shanghai Residential Property Management Provisions,
art. 28" for the English locale).

The code and its comments cite the law by the short forms of law.md ("SH art. 28", "GR art. 31",
"JI art. 9", "条例 art. 14", "Civil Code art. 278 ¶2"); a street office writes the law's full
Chinese name in 书名号 and the article in Chinese numerals, with 第…款 for a paragraph and
第…项 for an item. Every page, notice, PDF and message that shows a legal basis formats it
here, so a reference the code keeps short never reaches a reader short.

A reference is one law's short name followed by one or more articles, separated by commas:
``SH art. 16, art. 29``; ``Civil Code art. 278 ¶2``; ``Civil Code art. 278 ¶1 (5)``;
``Civil Code arts. 201–203``. A few bases are practice, not law (``上海实践``). Anything else
is refused (`UnknownReference`) rather than shown half-translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class UnknownReference(ValueError):
    """A legal reference this module cannot format: a typo or a law it does not know."""


@dataclass(frozen=True)
class Law:
    zh: str  # the full official name, without 书名号
    en: str


# law.md's abbreviations and the instruments they stand for.
LAWS: dict[str, Law] = {
    "SH": Law("上海市住宅物业管理规定", "Shanghai Residential Property Management Provisions"),
    "GR": Law("业主大会和业主委员会指导规则", "Guiding Rules for Owners' Assemblies and Owners' Committees"),
    "JI": Law("最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释",
              "Supreme People's Court Interpretation on Disputes over Ownership of Building Units"),
    "条例": Law("物业管理条例", "Property Management Regulations"),
    "Civil Code": Law("民法典", "Civil Code"),
    "PIPL": Law("个人信息保护法", "Personal Information Protection Law"),
}

# Bases that are practice rather than an article of law.
PRACTICES: dict[str, Law] = {
    "上海实践": Law("上海市换届改选实践做法", "Shanghai practice"),
}


@dataclass(frozen=True)
class Article:
    first: int
    last: int  # == first unless a range ("arts. 201–203")
    paragraph: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class Citation:
    zh: str
    en: str

    def text(self, language: str | None) -> str:
        """The citation for `language` (a Django language code): English for "en…", Chinese otherwise."""
        return self.en if (language or "").lower().startswith("en") else self.zh


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """An article number as a Chinese text writes it: 9 → 九, 14 → 十四, 201 → 二百零一, 1259 → 一千二百五十九."""
    if not 0 < n < 10000:
        raise ValueError(f"an article number between 1 and 9999, got {n}")
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out = ""
    zero_pending = False
    for value, name in units:
        digit = n // value % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        # 十四, not 一十四, when the number starts with its tens; 一百一十四 inside a longer one.
        out += ("" if value == 10 and digit == 1 and not out else _DIGITS[digit]) + name
    return out


_ARTICLE = re.compile(r"arts?\. (\d+)(?:[–-](\d+))?(?: ¶(\d+))?(?: \((\d+)\))?")


def _number(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _articles(text: str) -> tuple[Article, ...]:
    found = []
    for part in text.split(","):
        match = _ARTICLE.fullmatch(part.strip())
        if match is None:
            raise UnknownReference(f"cannot read article {part.strip()!r}")
        first, last, paragraph, item = match.groups()
        found.append(Article(int(first), int(last or first), _number(paragraph), _number(item)))
    return tuple(found)


def parse(reference: str) -> tuple[Law, tuple[Article, ...]]:
    """The law and the articles a reference names; UnknownReference if it is not one of ours."""
    for short, law in sorted(LAWS.items(), key=lambda item: -len(item[0])):
        if reference.startswith(short + " "):
            return law, _articles(reference[len(short) + 1:])
    raise UnknownReference(f"unknown law in reference {reference!r}")


def _zh_article(article: Article) -> str:
    text = f"第{chinese_number(article.first)}条"
    if article.last != article.first:
        text += f"至第{chinese_number(article.last)}条"
    if article.paragraph is not None:
        text += f"第{chinese_number(article.paragraph)}款"
    if article.item is not None:
        text += f"第{chinese_number(article.item)}项"
    return text


def _en_article(article: Article) -> str:
    text = str(article.first) if article.last == article.first else f"{article.first}–{article.last}"
    if article.paragraph is not None:
        text += f"({article.paragraph})"
    if article.item is not None:
        text += f" item {article.item}"
    return text


def citation(reference: str) -> Citation:
    """The full citation of a reference: 《上海市住宅物业管理规定》第十六条、第二十九条 for "SH art. 16, art. 29".

    An empty reference (a step the law sets no date for) is an empty citation.
    """
    reference = reference.strip()
    if not reference:
        return Citation("", "")
    if reference in PRACTICES:
        practice = PRACTICES[reference]
        return Citation(practice.zh, practice.en)
    law, articles = parse(reference)
    zh = f"《{law.zh}》" + "、".join(_zh_article(a) for a in articles)
    several = len(articles) > 1 or articles[0].last != articles[0].first
    en = f"{law.en}, {'arts.' if several else 'art.'} " + ", ".join(_en_article(a) for a in articles)
    return Citation(zh, en)


def cite(reference: str, language: str | None) -> str:
    """`citation(reference)` in the reader's language (a Django language code)."""
    return citation(reference).text(language)
