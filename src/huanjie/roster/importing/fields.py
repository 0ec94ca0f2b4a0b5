"""One cell at a time: areas, statuses, area sources, floors, owners and phones.

Each parser returns the value, or a (Chinese, English) reason the cell is bad.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from huanjie.roster.models import AreaSource, UnitStatus

# A positive number with at most two decimals (JI art. 8; same as `huanjie tally`): trailing
# zeros beyond them change nothing, so 89.500 is 89.50 and 89.505 is refused.
AREA = re.compile(r"(\d+)(?:\.(\d{1,2})0*)?")
MAX_AREA = Decimal("99999999.99")  # what the database column holds
PHONE = re.compile(r"[0-9+\-() ]{1,20}")
# Co-owners in one cell of a property company's sheet: 张三、李四 / 张三;李四 / 张三，李四.
NAME_SEPARATORS = re.compile(r"[、;；，,/]")
# Cells starting with these are formulas to a spreadsheet; huanjie exports them with a leading '.

Bad = tuple[str, str]

STATUS_WORDS: dict[str, str] = {
    "": UnitStatus.DELIVERED, "delivered": UnitStatus.DELIVERED, "已交付": UnitStatus.DELIVERED,
    "交付": UnitStatus.DELIVERED, "已售已交付": UnitStatus.DELIVERED, "已入住": UnitStatus.DELIVERED,
    "unsold": UnitStatus.UNSOLD, "未出售": UnitStatus.UNSOLD, "未售": UnitStatus.UNSOLD,
    "待售": UnitStatus.UNSOLD, "建设单位未出售": UnitStatus.UNSOLD, "开发商未售": UnitStatus.UNSOLD,
    "undelivered": UnitStatus.UNDELIVERED, "未交付": UnitStatus.UNDELIVERED,
    "已售未交付": UnitStatus.UNDELIVERED,
}
SOURCE_WORDS: dict[str, str] = {
    "register": AreaSource.REGISTER, "登记簿": AreaSource.REGISTER,
    "不动产登记簿": AreaSource.REGISTER, "产证": AreaSource.REGISTER, "产权证": AreaSource.REGISTER,
    "survey": AreaSource.SURVEY, "实测": AreaSource.SURVEY, "实测面积": AreaSource.SURVEY,
    "测绘": AreaSource.SURVEY, "contract": AreaSource.CONTRACT, "合同": AreaSource.CONTRACT,
    "买卖合同": AreaSource.CONTRACT, "预售合同": AreaSource.CONTRACT, "购房合同": AreaSource.CONTRACT,
    "unstated": AreaSource.UNSTATED, "未注明": AreaSource.UNSTATED,
}


def plain(cell: str) -> str:
    """The cell's text, trimmed; a leading ' that huanjie's export put before a formula is taken away.

    Cells are never evaluated: "=cmd|..." is imported as those characters.
    """
    text = cell.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def area(text: str) -> Decimal | Bad:
    if not text:
        return "面积为空", "area is empty"
    match = AREA.fullmatch(text)
    if match is None:
        try:
            value = Decimal(text)
        except ArithmeticError:
            value = Decimal("NaN")
        if not value.is_finite():
            return f"面积“{text}”不是数字", f"area {text!r} is not a number"
        if value <= 0:
            return f"面积“{text}”必须大于零", f"area {text!r} is not positive"
        if re.fullmatch(r"\d+\.\d{3,}", text):
            return f"面积“{text}”超过两位小数", f"area {text!r} has more than two decimals"
        return f"面积“{text}”应写成 88.50 这样的数字", f"area {text!r} is not written as a plain number"
    whole, fraction = match.groups()
    value = Decimal(f"{whole}.{fraction or '0'}")
    if value > MAX_AREA:  # before quantize: 29 digits and more are beyond its precision
        return f"面积“{text}”过大", f"area {text!r} is too large"
    if value <= 0:
        return f"面积“{text}”必须大于零", f"area {text!r} is not positive"
    return value.quantize(Decimal("0.01"))


def status(text: str) -> str | Bad:
    found = STATUS_WORDS.get(text.lower())
    if found is None:
        return (f"无法识别的状态“{text}”，应为 已交付（delivered）、未出售（unsold）、未交付（undelivered）或留空",
                f"unknown status {text!r}")
    return found


def area_source(text: str) -> str | None | Bad:
    """The source a 面积来源 cell names; None when the cell is empty (the file's default applies)."""
    if not text:
        return None
    found = SOURCE_WORDS.get(text.lower())
    if found is None:
        return f"无法识别的面积来源“{text}”，应为 登记簿、实测 或 合同", f"unknown area source {text!r}"
    return found


def floor(text: str) -> int | None | Bad:
    if not text:
        return None
    digits = text.removesuffix("层").removesuffix("F").removesuffix("f")
    if re.fullmatch(r"-?[0-9]{1,4}", digits) is None:
        return f"楼层“{text}”不是整数", f"floor {text!r} is not a whole number"
    return int(digits)


def identifiers(text: str) -> list[str]:
    """The tally.md `owners` cell: identifiers separated by `;`, exactly as `huanjie tally` reads it."""
    return _unique(plain(part) for part in text.split(";"))


def names(text: str) -> list[str]:
    return _unique(plain(part) for part in NAME_SEPARATORS.split(text))


def phones(text: str) -> list[str]:
    """Phones in the order of the names; an empty place keeps its position (张三 has none: “、139…”)."""
    if not text.strip():
        return []
    return [plain(part) for part in NAME_SEPARATORS.split(text)]


def phone_ok(phone: str) -> bool:
    return not phone or (PHONE.fullmatch(phone) is not None and sum(ch.isdigit() for ch in phone) >= 4)


def derived_identifier(name: str, phone: str) -> str:
    """The owner identifier of a property company's sheet: the name and the phone's last four digits.

    张三 with 13812341234 is “张三-1234”; with no phone, just “张三”. The same name and phone tail
    on several rows is one buyer of several units, counted as one head (JI art. 9); two owners
    of the same name without phones would be taken for one, so give their phones.
    """
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"{name}-{digits[-4:]}" if digits else name


def _unique(parts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for part in parts:
        if part:
            seen.setdefault(part, None)
    return list(seen)
