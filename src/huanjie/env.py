"""Typed environment helpers that fail loudly (style.md habit 11).

A wrong value stops the process with the variable's name and what was expected, instead of
quietly falling back to a default that might, say, leave DEBUG on in production.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true/false, 1/0, yes/no or on/off.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty entry; separate values with single commas.")
    return items


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum {minimum}.")
    return value


def env_file(name: str) -> Path | None:
    """An absolute path to a file in a folder that exists, or None when the variable is unset.

    The file itself is checked where it is read, so that a command may still create it.
    """
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return None
    path = Path(raw)
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name}={raw!r} must be an absolute path.")
    if not path.parent.is_dir():
        raise ImproperlyConfigured(f"{name}={raw!r}: the folder {path.parent} does not exist.")
    if path.exists() and not path.is_file():
        raise ImproperlyConfigured(f"{name}={raw!r} exists and is not a file.")
    return path


def data_dir(default: Path) -> Path:
    path = Path(os.environ.get("HUANJIE_DATA_DIR") or default).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(f"HUANJIE_DATA_DIR={path} exists and is not a directory.")
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else a random key kept in the data directory.

    A laptop install then never runs with a key published in the repository, and the key
    survives restarts so that sessions stay valid.
    """
    key = os.environ.get("SECRET_KEY")
    if key is not None:
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 distinct ones.")
        return key
    path = directory / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key() + get_random_secret_key(), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


MAX_PROXIES = 5


def env_proxy_count(name: str) -> int:
    """How many reverse proxies stand in front of the application: a small count, never their addresses."""
    raw = os.environ.get(name, "0").strip()
    if not raw.isdecimal() or int(raw) > MAX_PROXIES:
        raise ImproperlyConfigured(
            f"{name}={raw!r} must be the number of reverse proxies in front of huanjie, from 0 to {MAX_PROXIES} "
            "(0: none; 1: nginx alone; 2: a CDN or load balancer, then nginx), not their addresses.")
    return int(raw)
