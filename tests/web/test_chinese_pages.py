"""What a user reads in zh-hans is Chinese (issue 15, finding 9): every page each role reaches from
its home page, and the public notice pages, show no code names (`property_company`,
`ledgers.demand.closed`, `lift-fund`), no short legal references (`SH art. 28`) and no English
words — but for a short list of names people use as they are (PDF, QR, Excel, SHA-256, m²...).
Data is left alone: unit codes, serials, hashes, account names and numbers are not words.

The pages are the ones tests/web/test_crawl.py walks, in the same two-community world.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from huanjie.accounts.models import Role
from huanjie.notices.models import Notice
from tests.web.test_crawl import (
    DEPTH,
    SAME_SHAPE,
    links,
    shape,
)

# Names that Chinese users read as they are.
ALLOWED = {"PDF", "QR", "CSV", "Excel", "ZIP", "SHA", "JPEG", "PNG", "WebP", "Word", "PowerPoint", "Office", "MB",
           "KB", "UTF", "GBK", "ID", "huanjie", "English", "A4", "HTTPS", "URL", "xlsx", "csv", "pdf", "m", "sha256sum",
           "toml", "json", "tally", "AM", "PM", "Google", "Microsoft", "Authenticator"}
# Scripts are not read; <code> and <kbd> hold what a user types as it is (a column of a file, a command).
HIDDEN = re.compile(r"<(script|style|svg|template|code|kbd)\b.*?</\1>", re.S | re.I)
ATTRIBUTES = re.compile(r"""\b(?:title|aria-label|placeholder|alt)="([^"]*)\"""")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"(?<![\w@/:.-])[A-Za-z][A-Za-z0-9]*(?:[_.'-][A-Za-z0-9]+)*(?![\w@/-])")
SHORT_LEGAL = re.compile(r"\b(?:SH|GR|JI|CC)\s+arts?\.|\barts?\.\s*\d")


def readable_text(page: str) -> str:
    """The text a reader sees or hears: the page without scripts and tags, plus titles and labels."""
    page = HIDDEN.sub(" ", page)
    spoken = " ".join(ATTRIBUTES.findall(page))
    return html.unescape(TAG.sub(" ", page) + " " + spoken)


def choice_values() -> set[str]:
    return {str(value) for model in apps.get_models() if model.__module__.startswith("huanjie.")
            for field in model._meta.concrete_fields if field.choices for value, _label in field.flatchoices
            if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_-]+", value)}


def english_in(text: str, values: set[str], names: frozenset[str] = frozenset()) -> list[str]:
    """Words that read as code or English: code names (snake_case, dotted, kebab), stored choice values,
    short legal references, and capitalised or function words of English. `names` are data (account names)."""
    found = [m.group() for m in SHORT_LEGAL.finditer(text)]
    for word in WORD.findall(text):
        if word in ALLOWED or word in names or any(c.isdigit() for c in word) and not word.isalpha():
            continue  # data: 1-0301, B000001, WYH-F-001, 13800000001 ...
        code = re.fullmatch(r"[a-z]+(?:[_.][a-z]+)+|[a-z]+(?:-[a-z]+)+", word)
        if code or word in values or word[0].isupper() and word[1:].islower() and len(word) > 2 \
                or word.lower() in {"the", "of", "and", "to", "for", "with", "is", "not", "yes", "no", "user"}:
            found.append(word)
    return found


def walk(client: Client, start: list[str], values: set[str]) -> tuple[int, list[str]]:
    names = frozenset(get_user_model().objects.values_list("username", flat=True))
    opened, problems, seen, shapes = 0, [], set(), Counter()
    frontier = [(url, "—") for url in start]
    for _ in range(DEPTH):
        found = []
        for url, _came_from in frontier:
            if url in seen or shapes[shape(url)] >= SAME_SHAPE:
                continue
            seen.add(url)
            shapes[shape(url)] += 1
            response = client.get(url)
            opened += 1
            if response.status_code in (301, 302, 303):
                found.append((response["Location"], url))
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                page = response.content.decode()
                words = english_in(readable_text(page), values, names)
                if words:
                    problems.append(f"{url}: {sorted(set(words))[:12]}")
                found.extend((link, url) for link in links(page))
        frontier = found
    return opened, problems


@pytest.mark.parametrize("community", ["A", "B"])
@pytest.mark.parametrize("role", Role.values)
def test_every_page_a_role_reaches_reads_in_chinese(world, db, community, role):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.people[(community, role)])
    with transaction.atomic():
        opened, problems = walk(client, ["/"], choice_values())
        transaction.set_rollback(True)
    assert opened >= 2
    assert problems == [], "\n".join(problems)


def test_the_public_pages_read_in_chinese(world, db):  # type: ignore[no-untyped-def]
    tokens = list(Notice.objects.exclude(public_token="").values_list("public_token", flat=True)[:6])
    opened, problems = walk(Client(), [f"/n/{token}/" for token in tokens] + ["/"], choice_values())
    assert tokens and opened >= len(tokens)
    assert problems == [], "\n".join(problems)


def test_the_check_sees_english_and_code_but_not_data():
    values = {"property_company", "open"}
    assert english_in("承办单位：property_company；状态 open", values) == ["property_company", "open"]
    assert english_in("依据 SH art. 28；ledgers.demand.closed；lift-fund：no", values) == [
        "SH art.", "ledgers.demand.closed", "lift-fund", "no"]
    assert english_in("Meeting questions · User:", values) == ["Meeting", "User"]
    assert english_in("1-0301 B000001 WYH-F-001 下载 PDF 和 QR 码，面积 m²，xiaozu", values) == []


def test_the_notices_pdfs_read_in_chinese(world, db):  # type: ignore[no-untyped-def]
    """What the notice board and the lift lobby show: the text of each published notice's PDF."""
    import io

    import pypdf

    values, names = choice_values(), frozenset(get_user_model().objects.values_list("username", flat=True))
    tokens = list(Notice.objects.filter(published_at__isnull=False).values_list("public_token", flat=True)[:8])
    problems = []
    for token in tokens:
        response = Client().get(f"/n/{token}/pdf/")
        assert response.status_code == 200, token
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
        assert re.search(r"[\u4e00-\u9fff]", text), "the PDF's text can be read back"
        words = english_in(text, values, names)
        if words:
            problems.append(f"{token}: {sorted(set(words))[:12]}")
    assert tokens and problems == [], "\n".join(problems)
