"""Many writers appending to the audit chain at once, each in its own transaction (PostgreSQL).

Records join the chain one at a time under the chain head's lock, held until commit; some
writers roll back. Afterwards the chain must verify, with every committed record in it exactly
once and the sequence without gaps.
"""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from huanjie import audit
from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"),
    pytest.mark.django_db(transaction=True),
]

WRITERS, EACH = 8, 25


class Abandoned(Exception):
    pass


def test_it_keeps_the_chain_valid_and_ordered_under_parallel_writers():
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                try:
                    with transaction.atomic():
                        audit.record("test.parallel", data={"writer": number, "n": n})
                        if n % 5 == 4:
                            raise Abandoned()  # a change that fails after its record: both roll back
                except Abandoned:
                    pass
        except BaseException as error:  # reported below: a thread cannot fail the test itself
            failures.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures
    kept = WRITERS * EACH * 4 // 5
    assert verify_chain() is None
    assert list(AuditRecord.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, kept + 1))
    written = set(AuditRecord.objects.values_list("data__writer", "data__n"))
    assert written == {(w, n) for w in range(WRITERS) for n in range(EACH) if n % 5 != 4}
