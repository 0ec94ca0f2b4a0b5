"""What can go wrong with the checkpoint key and with checkpoints saved elsewhere, said in Chinese."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class AuditError(Exception):
    message = _("留痕操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class CheckpointKeyMissing(AuditError):
    message = _("签名检查点的密钥文件 %(path)s 不存在（环境变量 HUANJIE_AUDIT_KEY 指向它）。"
                "请用 huanjie audit key --create %(path)s 生成，或改正该变量。")


class CheckpointKeyUnsafe(AuditError):
    message = _("签名检查点的密钥文件 %(path)s 的权限是 %(mode)s，其他用户可以读取；"
                "请执行 chmod 600 %(path)s（若已泄露，应换用新密钥）。")


class CheckpointKeyUnreadable(AuditError):
    message = _("签名检查点的密钥文件 %(path)s 无法使用：%(reason)s")


class CheckpointsUnreadable(AuditError):
    message = _("无法读取签名检查点 %(source)s：%(reason)s")
