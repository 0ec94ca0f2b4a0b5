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


def test_an_edited_object_label_breaks_the_chain_at_that_record(db, django_user_model):
    target = django_user_model.objects.create(username="zhang")
    for n in range(3):
        audit.record("test.event", target=target, data={"n": n})
    AuditRecord.objects.filter(sequence=2).update(target_label="李四")
    broken = verify_chain()
    assert broken is not None and broken.sequence == 2


def test_records_written_before_labels_were_covered_still_verify_and_cannot_be_downgraded(db, django_user_model):
    from huanjie.audit.models import ChainHead
    from huanjie.audit.services import hash_of

    target = django_user_model.objects.create(username="zhang")
    for n in range(3):
        audit.record("test.event", target=target, data={"n": n})
    # Rewrite the chain as an older version would have written record 1: format 1, no label in its hash.
    previous = "0" * 64
    for entry in AuditRecord.objects.order_by("sequence"):
        entry.format = 1 if entry.sequence == 1 else 2
        entry.previous_hash = previous
        entry.hash = previous = hash_of(entry)
        entry.save()
    ChainHead.objects.filter(id=1).update(hash=previous)
    assert verify_chain() is None
    AuditRecord.objects.filter(sequence=3).update(format=1)  # claiming its label was never covered
    broken = verify_chain()
    assert broken is not None and broken.sequence == 3
