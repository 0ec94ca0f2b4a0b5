from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from huanjie.env import env_bool, env_list, secret_key


def test_a_boolean_that_is_not_one_stops_the_server(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", default=False)


def test_an_empty_host_in_the_list_is_refused(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.org,,b.org")
    with pytest.raises(ImproperlyConfigured):
        env_list("ALLOWED_HOSTS", default=[])


def test_a_short_secret_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured):
        secret_key(tmp_path)


def test_without_a_secret_key_one_is_made_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert first == secret_key(tmp_path) and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
