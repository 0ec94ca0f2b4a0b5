from __future__ import annotations

import pytest

from tests.conftest import client_for


@pytest.fixture
def alice_client(alice):  # type: ignore[no-untyped-def]
    return client_for(alice)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    # Signing in is not what these tests check; the real hasher takes a quarter second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
