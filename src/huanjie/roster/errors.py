"""What can go wrong with the roster, each with a message a street office can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from huanjie.roster.importing.problems import Problem


class RosterError(Exception):
    message = _("名册操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class RosterFileInvalid(RosterError):
    """The file cannot be imported; `problems` names every bad row, column and reason."""

    message = _("名册文件有 %(count)s 处问题，未导入任何内容。")

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(count=len(problems))


class ImportNotPending(RosterError):
    message = _("这次导入的状态是“%(actual)s”，只有“待确认”的导入才能确认或放弃。")


class StaleImport(RosterError):
    message = _("上传检查之后名册已被修改（%(file)s 是对照旧名册检查的），为免覆盖别人的修改，请重新上传并检查。")


class RemovalBlocked(RosterError):
    """The file leaves out owners or units that other records still name (PROTECT): nothing was written."""

    message = _("名册文件删去的业主或房屋仍被其他记录引用，未导入任何内容：%(items)s。"
                "请先处理这些记录，或在文件中保留这些业主和房屋，再重新上传。")


class StorageFull(RosterError):
    """The database ran out of disk space part-way through: the transaction was rolled back."""

    message = _("服务器的存储空间已满，名册没有导入，也没有写入任何内容。请联系系统管理员清理磁盘后重试。")
