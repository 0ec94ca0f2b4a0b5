"""An owner whose roster writes the flat 1号楼101室 may type 1-101 (issue 15 #8): the letter's unit, however typed."""

from __future__ import annotations

import pytest

from huanjie.accounts import throttle
from huanjie.accounts.errors import OwnerSignInFailed
from huanjie.accounts.models import AttemptCounter
from huanjie.accounts.services import issue_owner_codes, sign_in_owner
from huanjie.roster.models import Community, Unit
from tests.roster.property_roster import import_property_roster


@pytest.fixture
def real(wuyuehua: Community) -> Community:
    Unit.objects.filter(community=wuyuehua).delete()
    import_property_roster(wuyuehua)
    return wuyuehua


@pytest.mark.parametrize("typed", ["1-101", "1号101室", "１－１０１"])
def test_the_owner_signs_in_typing_the_short_form(real: Community, alice, typed: str) -> None:  # type: ignore[no-untyped-def]
    unit = real.units.get(code="1号楼101室")
    letter = issue_owner_codes(community=real, units=[unit], actor=alice)[0]
    user = sign_in_owner(community=real, unit_code=typed, phone_last4="1234", code=letter.code, client_key="c")
    assert user.memberships.get().unit == unit


def test_failures_typed_in_any_form_count_against_the_unit(real: Community, alice) -> None:  # type: ignore[no-untyped-def]
    unit = real.units.get(code="1号楼101室")
    issue_owner_codes(community=real, units=[unit], actor=alice)
    for typed in ("1-101", "1号楼101室"):
        with pytest.raises(OwnerSignInFailed):
            sign_in_owner(community=real, unit_code=typed, phone_last4="1234", code="WRONG-CODE", client_key="c")
    counted = AttemptCounter.objects.get(key=throttle.stored_key(throttle.owner_target(real.pk, "1号楼101室")))
    assert counted.failures == 2
    assert not AttemptCounter.objects.filter(key=throttle.stored_key(throttle.owner_target(real.pk, "1-101"))).exists()
