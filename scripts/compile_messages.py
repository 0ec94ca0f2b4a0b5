"""Compile the translation catalogues to .mo files, in pure Python (no GNU gettext needed).

Usage (from the repository root):

    .venv/bin/python scripts/compile_messages.py            # compile every catalogue
    .venv/bin/python scripts/compile_messages.py --check    # exit 1 if a committed .mo is stale

Every ``src/huanjie/locale/*/LC_MESSAGES/django.po`` is compiled with polib to the ``django.mo``
beside it. The output depends only on the .po: the same .po always gives the same bytes (polib
sorts the entries, and the file is written little-endian), so the .mo is committed and
``tests/test_translations.py`` fails when someone edits a .po and forgets to compile. A fresh
machine running the app needs neither gettext nor this script; the committed .mo is enough.

Updating the English translation
--------------------------------
The source strings (msgids) are Simplified Chinese; ``en`` is the translation.

1. Extract new and changed strings (developers only; needs GNU gettext, e.g.
   ``apt-get install gettext``)::

       make messages

   which runs ``DEBUG=true .venv/bin/huanjie makemessages -l en --ignore=.venv`` in
   ``src/huanjie`` and then this script. makemessages keeps existing translations, adds new
   msgids with an empty msgstr, and marks near-matches of changed strings ``#, fuzzy`` with a
   guessed msgstr.

2. Translate the new entries. Dump what still needs work (empty or fuzzy) to JSON::

       .venv/bin/python scripts/compile_messages.py --untranslated todo.json

   ``todo.json`` maps each msgid (``context\\x04msgid`` when there is a msgctxt) to its current
   msgstr; plural entries map to a list ``[singular, plural]``. Fill in the English — keep every
   ``%(name)s`` placeholder (and ``%%`` / ``%%(name)s`` exactly as in the msgid), and use the
   glossary in docs/product.md — then apply it, which also clears the fuzzy flags::

       .venv/bin/python scripts/compile_messages.py --apply todo.json

   (Or edit ``django.po`` by hand and delete the ``#, fuzzy`` lines you have checked.)

3. Compile (``--apply`` already does) and run ``.venv/bin/pytest tests/test_translations.py``:
   it checks that no entry is empty or fuzzy, that placeholders match, and that the committed
   .mo is up to date. Commit both ``django.po`` and ``django.mo``.
"""

from __future__ import annotations

import argparse
import array
import json
import struct
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "huanjie" / "locale"
MO_MAGIC = 0x950412DE


def catalogues(locale: Path = LOCALE) -> list[Path]:
    """Every django.po under the locale directory, in a stable order."""
    return sorted(locale.glob("*/LC_MESSAGES/django.po"))


def mo_bytes(po_path: Path) -> bytes:
    """The .mo for a .po: translated, non-fuzzy entries plus the header, sorted, little-endian.

    The same layout as polib's ``to_binary`` (and GNU msgfmt without a hash table), but with a
    fixed byte order so that the result does not depend on the machine.
    """
    po = polib.pofile(str(po_path))
    entries = sorted(po.translated_entries(), key=lambda e: e.msgid_with_context.encode("utf-8"))
    pairs: list[tuple[bytes, bytes]] = [(b"", po.metadata_as_entry().msgstr.encode("utf-8"))]
    for entry in entries:
        key = (entry.msgctxt + "\x04").encode("utf-8") if entry.msgctxt else b""
        if entry.msgid_plural:
            key += (entry.msgid + "\0" + entry.msgid_plural).encode("utf-8")
            value = "\0".join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)).encode("utf-8")
        else:
            key += entry.msgid.encode("utf-8")
            value = entry.msgstr.encode("utf-8")
        pairs.append((key, value))

    count = len(pairs)
    key_start = 7 * 4 + 16 * count
    ids = strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for key, value in pairs:
        offsets.append((len(key), len(ids), len(value), len(strs)))
        ids += key + b"\0"
        strs += value + b"\0"
    value_start = key_start + len(ids)
    table = array.array("I")
    for key_len, key_off, _value_len, _value_off in offsets:
        table.extend([key_len, key_off + key_start])
    for _key_len, _key_off, value_len, value_off in offsets:
        table.extend([value_len, value_off + value_start])
    if sys.byteorder != "little":
        table.byteswap()
    header = struct.pack("<7I", MO_MAGIC, 0, count, 7 * 4, 7 * 4 + count * 8, 0, key_start)
    return header + table.tobytes() + ids + strs


def compile_all(locale: Path = LOCALE, *, check: bool = False) -> list[Path]:
    """Write every stale django.mo (or, with check, only report them); return the stale ones."""
    stale = []
    for po_path in catalogues(locale):
        mo_path = po_path.with_suffix(".mo")
        data = mo_bytes(po_path)
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        stale.append(mo_path)
        if not check:
            mo_path.write_bytes(data)
    return stale


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _needs_work(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values())
    return not entry.msgstr


def dump_untranslated(po_path: Path, out: Path) -> int:
    """Write the empty or fuzzy entries of a .po as JSON {msgid: msgstr or [singular, plural]}."""
    po = polib.pofile(str(po_path))
    todo: dict[str, str | list[str]] = {}
    for entry in po:
        if _needs_work(entry):
            if entry.msgid_plural:
                todo[_key(entry)] = [entry.msgstr_plural.get(i, "") for i in range(2)]
            else:
                todo[_key(entry)] = entry.msgstr
    out.write_text(json.dumps(todo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(todo)


def apply_translations(po_path: Path, source: Path) -> int:
    """Fill msgstrs from JSON {msgid: msgstr or [forms]}, clear fuzzy flags, save the .po."""
    mapping = json.loads(source.read_text(encoding="utf-8"))
    po = polib.pofile(str(po_path))
    po.metadata_is_fuzzy = False
    applied = 0
    for entry in po:
        value = mapping.get(_key(entry))
        if value is None or entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = [value] * 2 if isinstance(value, str) else list(value)
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        applied += 1
    po.save(str(po_path))
    return applied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale .mo files (exit 1 if any)")
    parser.add_argument("--language", default="en", help="catalogue for --untranslated/--apply (default en)")
    parser.add_argument("--untranslated", type=Path, metavar="JSON", help="dump empty/fuzzy entries to JSON")
    parser.add_argument("--apply", type=Path, metavar="JSON", help="fill msgstrs from JSON, then compile")
    args = parser.parse_args(argv)

    po_path = LOCALE / args.language / "LC_MESSAGES" / "django.po"
    if args.untranslated:
        print(f"{dump_untranslated(po_path, args.untranslated)} entries need translating -> {args.untranslated}")
        return 0
    if args.apply:
        print(f"applied {apply_translations(po_path, args.apply)} translations to {po_path.relative_to(ROOT)}")

    stale = compile_all(check=args.check)
    for mo_path in stale:
        print(f"{'stale' if args.check else 'compiled'}: {mo_path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
