from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class HolidaysError(Exception):
    message = _("节假日安排未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class HolidayRowsInvalid(HolidaysError):
    """Some rows of an entered year are wrong: each (row number, reason); nothing was written."""

    message = _("节假日安排有 %(count)s 处错误，未保存：%(first)s")

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(count=len(problems), first=_row_text(*first))

    @property
    def lines(self) -> list[str]:
        return [_row_text(row, reason) for row, reason in self.problems]


def _row_text(row: int, reason: str) -> str:
    return str(_("第 %(row)s 行：%(reason)s") % {"row": row, "reason": reason}) if row else reason


class NoticeNumberRequired(HolidaysError):
    message = _("请填写国务院办公厅通知的文号。")


class YearNotEntered(HolidaysError):
    message = _("%(year)s 年的节假日安排没有在本系统录入过。")
