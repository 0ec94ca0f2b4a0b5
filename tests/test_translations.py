"""The English catalogue is complete, consistent with its msgids, compiled, and used by the site.

The msgids are Simplified Chinese; see scripts/compile_messages.py for how to update.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "compile_messages.py"
LOCALE = ROOT / "src" / "huanjie" / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"

# %(name)s-style placeholders, bare %s/%d, and the %% escape (templates double a literal %).
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]")


def _compile_messages():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("compile_messages", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(EN_PO)) if not e.obsolete]


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgid!r} ({', '.join(f'{f}:{n}' for f, n in entry.occurrences[:2])})"


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def test_the_catalogues_exist():
    catalogues = _compile_messages().catalogues()
    assert EN_PO in catalogues
    assert len(_entries()) > 1000


def test_the_committed_mo_files_are_compiled_from_the_committed_po_files():
    module = _compile_messages()
    for po_path in module.catalogues():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run scripts/compile_messages.py"
        assert mo_path.read_bytes() == module.mo_bytes(po_path), (
            f"{mo_path.relative_to(ROOT)} is stale: run .venv/bin/python scripts/compile_messages.py"
        )


def test_compiling_is_deterministic():
    module = _compile_messages()
    assert module.mo_bytes(EN_PO) == module.mo_bytes(EN_PO)


def test_no_entry_is_fuzzy_or_empty():
    po = polib.pofile(str(EN_PO))
    assert not po.metadata_is_fuzzy, "remove '#, fuzzy' from the header"
    problems = []
    for entry in _entries():
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {_label(entry)}")
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.msgid_plural and len(forms) != 2:
            problems.append(f"needs 2 plural forms: {_label(entry)}")
        if not all(form.strip() for form in forms):
            problems.append(f"untranslated: {_label(entry)}")
    assert not problems, "\n".join(problems[:50]) + f"\n({len(problems)} in all; see scripts/compile_messages.py)"


def test_placeholders_in_each_msgstr_match_its_msgid():
    problems = []
    for entry in _entries():
        if entry.msgid_plural:
            # msgstr[0] may follow the singular msgid, every form may follow the plural msgid
            checks = [
                (form, [placeholders(entry.msgid_plural)] + ([placeholders(entry.msgid)] if n == 0 else []))
                for n, form in sorted(entry.msgstr_plural.items())
            ]
        else:
            checks = [(entry.msgstr, [placeholders(entry.msgid)])]
        for text, allowed in checks:
            if text and placeholders(text) not in allowed:
                problems.append(f"{_label(entry)}: {dict(placeholders(text))} not in {[dict(a) for a in allowed]}")
    assert not problems, "\n".join(problems)


def test_the_placeholder_pattern():
    assert placeholders("第%(n)s号 %(x)d %% %%(label)s %s") == Counter({"%(n)s": 1, "%(x)d": 1, "%%": 2, "%s": 1})


def test_translations_are_used_with_english_active():
    with translation.override("en"):
        assert translation.gettext("工作人员登录") == "Staff sign-in"
        assert translation.gettext("业主大会") == "Owners' assembly"
        assert translation.gettext("第%(n)s号诉求") % {"n": 7} == "Demand no. 7"
        message = "当前名单 %(n)s 户。"
        assert translation.ngettext(message, message, 1) % {"n": 1} == "The current list has 1 household."
        assert translation.ngettext(message, message, 3) % {"n": 3} == "The current list has 3 households."
    with translation.override("zh-hans"):
        assert translation.gettext("工作人员登录") == "工作人员登录"


@pytest.mark.django_db
def test_the_login_page_switches_to_english(client):
    page = client.get("/accounts/login/").content.decode()
    assert "工作人员登录" in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page
    assert "Staff sign-in" in page
    assert "Owner sign-in" in page
    assert "Username" in page and "Password" in page
    assert "工作人员登录" not in page
