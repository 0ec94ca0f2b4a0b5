"""No write through /admin/: it calls no service, so it would leave no audit record (issue 17 #6).

A superuser changed a published notice's text (the public page and PDF showed it) and granted a
role in another community from the admin, and the chain knew nothing. Every model the admin
registers — ours and Django's users and groups — must refuse every add, change, delete and action,
whatever is posted; the admin stays for reading in an emergency.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.forms import BaseForm, MultiValueField
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse

from huanjie.accounts.models import Membership, Role
from huanjie.audit.models import AuditRecord
from huanjie.notices import services as notices
from huanjie.notices.models import Channel, Notice, NoticeKind
from tests.trust.conftest import counted_assembly


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_superuser("root", "root@example.org", "x" * 20)


@pytest.fixture
def root(superuser) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def world(wuyuehua, elsewhere, alice, charlie, settings, tmp_path):  # type: ignore[no-untyped-def]
    """A counted vote, a published notice with a posting, memberships in two communities: a row for most models."""
    from datetime import date

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    counted_assembly(wuyuehua, alice)
    draft = notices.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.ROSTER_AND_RULES,
                                  title="业主名册及表决规则公示", body="现将业主名册公示如下。", issuer="换届改选小组",
                                  period_days=7, actor=alice)
    notice = notices.publish_notice(notice=draft, actor=alice, today=date(2026, 12, 1))
    notices.record_posting(notice=notice, channel=Channel.BULLETIN_BOARD, location="1号楼大堂",
                           posted_at=timezone.now(), photo=None, actor=alice)
    return notice


def request_of(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def form_data(form: BaseForm) -> dict[str, Any]:
    """What the browser would post back for this form unchanged."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, MultiValueField):  # the admin's date-and-time: two inputs
            for n, part in enumerate(field.widget.decompress(value) if value else []):
                data[f"{key}_{n}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


def change_data(model_admin: Any, request: Any, obj: Model) -> dict[str, Any]:
    """The change page's form and its inlines' formsets, posted back as they are."""
    data = form_data(model_admin.get_form(request, obj, change=True)(instance=obj))
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        formset = formset_class(instance=obj, prefix=formset_class.get_default_prefix(),
                                queryset=inline.get_queryset(request))
        data.update({formset.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        for inner in formset.forms:
            data.update(form_data(inner))
    return data


def url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_admin_grants_no_add_change_delete_or_action(superuser):
    request = request_of(superuser)
    registered = admin.site._registry
    assert len(registered) >= 38  # every app's admin, and Django's users and groups
    for model, model_admin in registered.items():
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert model_admin.has_view_permission(request), model  # still there to read
        assert model_admin.get_actions(request) == {}, model
        for inline in model_admin.get_inline_instances(request):
            assert not (inline.has_add_permission(request, None) or inline.has_change_permission(request)
                        or inline.has_delete_permission(request)), (model, inline)


def test_a_superuser_cannot_change_a_published_notice_s_text(world, root, superuser):
    model_admin = admin.site._registry[Notice]
    data = change_data(model_admin, request_of(superuser), world)
    data["body"] = "改过的公示内容"
    records = AuditRecord.objects.count()
    response = root.post(url(Notice, "change", world.pk), data)
    assert response.status_code == 403
    assert Notice.objects.get(pk=world.pk).body == "现将业主名册公示如下。"
    assert AuditRecord.objects.count() == records


def test_a_superuser_cannot_grant_a_role_in_another_community(world, root, elsewhere, alice):
    response = root.post(url(Membership, "add"), {"user": alice.pk, "role": Role.WORKING_GROUP,
                                                  "community": elsewhere.pk})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=alice, community=elsewhere).exists()


def test_no_post_to_any_admin_page_writes_a_row(world, root, superuser):
    request = request_of(superuser)
    records = AuditRecord.objects.count()
    tried = set()
    for model, model_admin in admin.site._registry.items():
        count = model._default_manager.count()
        assert root.post(url(model, "add"), {}).status_code == 403, model
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        tried.add(model._meta.label)
        before = model_to_dict(obj)
        data = change_data(model_admin, request, obj)
        assert root.post(url(model, "change", obj.pk), data).status_code == 403, model
        assert root.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, model
        root.post(url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk],
                                             "post": "yes", "index": 0})
        obj.refresh_from_db()
        assert model_to_dict(obj) == before and model._default_manager.count() == count, model
    assert {"auth.User", "accounts.Membership", "roster.Community", "roster.Unit", "notices.Notice",
            "voting.Assembly", "voting.Ballot", "voting.CountResult", "audit.AuditRecord"} <= tried
    user = get_user_model().objects.get(username="alice")
    response = root.post(reverse("admin:auth_user_password_change", args=[user.pk]),
                         {"password1": "new password 123", "password2": "new password 123"})
    assert response.status_code == 403
    assert AuditRecord.objects.count() == records
