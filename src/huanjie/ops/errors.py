from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class BackupError(Exception):
    message = _("备份或恢复未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class NotABackup(BackupError):
    message = _("%(file)s 不是 huanjie 的备份文件：%(reason)s")


class DamagedPart(BackupError):
    message = _("备份文件中的 %(part)s 已损坏：SHA-256 应为 %(expected)s，实际为 %(actual)s。")


class WrongEngine(BackupError):
    message = _("这份备份来自 %(archived)s 数据库，当前使用的是 %(current)s，不能直接恢复。")


class UnknownMigrations(BackupError):
    message = _("这份备份的数据库结构比当前程序新（未知的迁移：%(names)s），请先升级程序再恢复。")


class ToolFailed(BackupError):
    message = _("%(tool)s 运行失败：%(stderr)s")


class ChainMismatch(BackupError):
    message = _("恢复后的留痕链与备份时不一致：%(reason)s")


class TargetFull(BackupError):
    message = _("备份目标空间不足（%(target)s）：备份没有写入。请清理磁盘或换一个位置后重试。")
