"""With DEBUG off, an error is a Chinese page in the site's layout, never Django's English debug page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from tests.conftest import client_for


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def refuse(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [path("crash/", crash), path("refuse/", refuse), path("", include("huanjie.urls"))]


def assert_site_page(response: HttpResponse, status: int, heading: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f'data-testid="error-page">{heading}</h1>' in page
    assert 'class="topbar"' in page and "业委会换届" in page  # the site's own layout
    assert "Traceback" not in page and "Page not found" not in page and "Server Error" not in page


def test_an_unknown_address_is_a_chinese_404_in_the_site_layout(db):
    response = Client().get("/c/nowhere/roster/nothing/")
    assert_site_page(response, 404, "页面不存在")
    assert 'href="/"' in response.content.decode()  # a way back


def test_another_community_s_page_is_the_same_404_for_a_signed_in_user(charlie, wuyuehua):
    assert_site_page(client_for(charlie).get(f"/c/{wuyuehua.slug}/roster/"), 404, "页面不存在")


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_is_a_chinese_500_in_the_site_layout(db):
    assert_site_page(Client(raise_request_exception=False).get("/crash/"), 500, "系统出错")


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_is_a_chinese_403_in_the_site_layout(db):
    assert_site_page(Client().get("/refuse/"), 403, "不能执行此操作")


def test_a_form_sent_without_its_csrf_token_is_a_chinese_page(alice, wuyuehua):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert_site_page(client.post(f"/c/{wuyuehua.slug}/demands/new/"), 403, "页面已过期")
