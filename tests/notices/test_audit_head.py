"""A published notice carries the audit chain's head at publication, on paper and on its public page."""

from __future__ import annotations

import io

from pypdf import PdfReader

from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain
from huanjie.notices.pdf import Layout, render_notice_pdf


def test_the_notice_keeps_the_chain_head_written_by_its_own_publication(published):
    record = AuditRecord.objects.get(code="notice.published", target_id=str(published.pk))
    assert published.audit_head == record.hash
    assert verify_chain() is None


def test_the_pdf_prints_the_content_fingerprint_and_the_chain_head(published):
    data = render_notice_pdf(published, layout=Layout.BULLETIN, public_url="https://hj.example/n/abc/")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = "".join(text.split())
    assert published.audit_head in flat
    assert published.content_sha256 in flat


def test_the_public_page_shows_the_chain_head(client, published):
    page = client.get(f"/n/{published.public_token}/").content.decode()
    assert published.audit_head in page
