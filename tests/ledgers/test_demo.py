from __future__ import annotations

from datetime import date

from django.db.models import Count

from huanjie.demo.build import load_demo
from huanjie.ledgers.models import Demand, Status
from huanjie.reelection.models import StageProgress
from huanjie.visits.models import Visit


def test_the_demo_has_visits_to_about_85_percent_of_units_and_60_demands_in_every_state(db):
    community = load_demo(today=date(2026, 11, 29))
    reached = Visit.objects.filter(community=community).values("unit").distinct().count()
    assert reached == 408  # 85% of 480
    assert not Visit.objects.filter(visited_on__gt=date(2026, 11, 29)).exists()
    per_state = dict(Demand.objects.filter(community=community).values_list("status").annotate(n=Count("pk")))
    assert all(per_state[state] >= 60 for state in Status.values)
    assert Demand.objects.filter(community=community).exclude(duplicate_of=None).exists()
    assert not Demand.objects.filter(status__in=["answered", "closed"], answer="").exists()
    assert all(p.done_by is not None for p in StageProgress.objects.filter(community=community))


def test_the_demo_ledgers_are_the_same_on_every_run(db):
    from django.db import transaction

    def rows():
        return list(Demand.objects.order_by("number").values_list("summary", "status", "unit__code", "due_on"))

    with transaction.atomic():
        load_demo(today=date(2026, 11, 29))
        first = rows()
        transaction.set_rollback(True)
    load_demo(today=date(2026, 11, 29))
    assert rows() == first
