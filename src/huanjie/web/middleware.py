from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# Everything is served from this machine: no CDN, no inline script (the street office's network
# may be closed, and a strict policy stops injected script on public notice pages).
POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The API docs page too: its Swagger UI comes from ninja's static files with no inline script.
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


API_PREFIX = "/api/"


class RefuseNulMiddleware:
    """A query string or a plain form holding a NUL character is refused with 400, before any view.

    No one types a NUL; PostgreSQL cannot store or even compare one (a query with it fails), and
    Django's form fields refuse it already. This covers the views that read a value straight from
    the request. Multipart bodies (file uploads) are left to their views, which check the size
    before reading the body; their form fields refuse a NUL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):  # the API validates its own inputs and documents its answers
            return self.get_response(request)
        try:
            plain_form = request.content_type == "application/x-www-form-urlencoded" and request.POST
        except BadRequest:
            logger.warning("refused %s %s: a form in charset %r", request.method, request.path, request.encoding)
            return HttpResponseBadRequest(
                gettext("提交的表单不是 UTF-8 编码，无法读取。请刷新页面后用浏览器重新提交。"),
                content_type="text/plain; charset=utf-8")
        if _holds_nul(request.GET) or (plain_form and _holds_nul(request.POST)):
            logger.warning("refused %s %s: a NUL character in the request's data", request.method, request.path)
            return HttpResponseBadRequest(gettext("提交的内容含有不可见的控制字符（NUL），请删去后重试。"),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _holds_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())
