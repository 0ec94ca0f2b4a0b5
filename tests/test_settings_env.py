from __future__ import annotations

import os
import subprocess
import sys

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


def production_settings(tmp_path, **env: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Settings as a server started with production defaults (DEBUG off) and `env` reads them."""
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS", "HUANJIE_OWNER_SESSION_DAYS")
    script = f"from django.conf import settings; print([repr(getattr(settings, n)) for n in {names!r}])"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HUANJIE_", "DEBUG"))}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env={
        **clean, "DJANGO_SETTINGS_MODULE": "huanjie.settings", "HUANJIE_DATA_DIR": str(tmp_path), **env})
    return eval(done.stdout)  # noqa: S307 - our own process printing a list of reprs


def test_hsts_preload_is_off_unless_the_deployment_asks_for_it(tmp_path):
    assert production_settings(tmp_path) == ["31536000", "False", "['security.W021']", "30"]
    assert production_settings(tmp_path, HUANJIE_HSTS_PRELOAD="true")[1:3] == ["True", "[]"]


def test_the_owner_session_length_is_a_whole_number_of_days(tmp_path):
    assert production_settings(tmp_path, HUANJIE_OWNER_SESSION_DAYS="7")[3] == "7"
    with pytest.raises(subprocess.CalledProcessError) as failed:
        production_settings(tmp_path, HUANJIE_OWNER_SESSION_DAYS="0")
    assert "HUANJIE_OWNER_SESSION_DAYS=0 is below the minimum 1" in failed.value.stderr
