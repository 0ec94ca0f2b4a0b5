"""The one Django set-up of the benchmarks: a database of their own, migrated, before anything is measured.

    from _django import set_up_django   # the scripts run as `python bench/bench_….py`
    set_up_django(prefix="bench-ballots-")

On SQLite in a temporary data directory, unless DATABASE_URL names a PostgreSQL database: by
default that database is dropped and created afresh, so its name must start with "bench"; with
`throwaway=True` a database of this process is created next to it instead and dropped by the
function returned. Production settings otherwise (DEBUG off, so no query log grows during a run).
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def set_up_django(
    *, prefix: str, data_dir: Path | None = None, throwaway: bool = False, **environ: str
) -> Callable[[], None]:
    """Configure, set up and migrate; returns what drops a throwaway database (else nothing to do).

    `data_dir`: HUANJIE_DATA_DIR (default: the environment's, else a new temporary directory);
    `environ`: more settings for this run, e.g. ALLOWED_HOSTS="testserver" for the test client.
    """
    sys.path.insert(0, str(ROOT / "src"))
    if data_dir is not None:
        os.environ["HUANJIE_DATA_DIR"] = str(data_dir)
    else:
        os.environ.setdefault("HUANJIE_DATA_DIR", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
    os.environ.update({"DEBUG": "false", "HUANJIE_SSL_REDIRECT": "false", **environ})
    drop: Callable[[], None] = lambda: None  # noqa: E731
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        if throwaway:
            drop = _throwaway_postgres(url, prefix)
        else:
            _recreate_postgres(url)
    import django
    from django.core.management import call_command

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected here
    django.setup()
    call_command("migrate", verbosity=0)
    return drop


def _recreate_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    if not name.startswith("bench"):
        raise SystemExit(f"refusing to recreate database {name!r}: its name must start with 'bench'")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _throwaway_postgres(url: str, prefix: str) -> Callable[[], None]:
    """A database of this process next to the one DATABASE_URL names, which is left alone."""
    import psycopg

    name = f"huanjie_{prefix.strip('-').replace('-', '_')}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return drop
