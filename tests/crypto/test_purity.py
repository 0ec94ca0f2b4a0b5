"""huanjie.crypto is pure Python over libsodium: no Django, so the verifier runs anywhere."""

from __future__ import annotations

from pathlib import Path

import huanjie.crypto
from tests.lint.test_rules_purity import FORBIDDEN, imported_modules


def test_no_module_of_the_crypto_package_imports_a_framework() -> None:
    package = Path(huanjie.crypto.__file__).parent
    offenders = {
        f"{path.name}: {name}"
        for path in package.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN)
    }
    assert offenders == set()


def test_it_never_draws_secrets_from_random() -> None:
    package = Path(huanjie.crypto.__file__).parent
    users = {path.name for path in package.rglob("*.py") if "random" in imported_modules(path)}
    assert users == {"demo.py"}  # sample voters and areas only; keys and nonces use `secrets`
