from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 29)


@pytest.fixture
def today() -> date:
    return TODAY
