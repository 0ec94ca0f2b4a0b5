from __future__ import annotations

import pytest

from huanjie import audit
from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain


@pytest.fixture
def chain(db):
    for n in range(5):
        audit.record("test.event", data={"n": n})


def test_an_untouched_chain_verifies(chain):
    assert verify_chain() is None


def test_an_edited_record_breaks_the_chain_at_that_record(chain):
    AuditRecord.objects.filter(sequence=3).update(data={"n": 99})
    broken = verify_chain()
    assert broken is not None and broken.sequence == 3


def test_a_deleted_record_breaks_the_chain(chain):
    AuditRecord.objects.filter(sequence=2).delete()
    broken = verify_chain()
    assert broken is not None and broken.sequence == 3


def test_deleting_the_last_record_is_detected_by_the_head(chain):
    AuditRecord.objects.filter(sequence=5).delete()
    assert verify_chain() is not None


def test_a_change_and_its_record_roll_back_together(db):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("test.event")
        raise RuntimeError("crash mid-way")
    assert AuditRecord.objects.count() == 0
    assert verify_chain() is None


def test_the_verify_command_names_the_first_broken_record(chain, capsys):
    from django.core.management import call_command

    call_command("audit", "verify")
    assert "留痕链完整：共 5 条记录" in capsys.readouterr().out
    AuditRecord.objects.filter(sequence=4).update(code="tampered")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert "第 4 条记录处断开" in capsys.readouterr().err
