"""Error bodies of the JSON API: always {"detail": <a sentence>, "code": <a stable word>}.

`detail` is for people (translated); `code` is for programs and never changes with the language.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("huanjie.api")


class ErrorOut(Schema):
    detail: str
    code: str


class InvalidOut(ErrorOut):
    errors: list[dict[str, Any]]


NOT_AUTHENTICATED = _("请先登录。")
# The same sentence whether the thing does not exist or belongs to another community.
NOT_FOUND = _("没有找到，或您无权查看。")
INVALID = _("请求参数不正确。")
SERVER_ERROR = _("服务器内部错误，已记录，请稍后再试。")

STATUS_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 429: "throttled"}

# For `response=`: the errors every signed-in endpoint may answer with.
SCOPED = {401: ErrorOut, 404: ErrorOut}
SCOPED_WITH_QUERY = {**SCOPED, 422: InvalidOut}


def body(detail: object, code: str, **extra: object) -> dict[str, object]:
    return {"detail": str(detail), "code": code, **extra}


def install(api: NinjaAPI) -> None:
    def not_authenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, body(NOT_AUTHENTICATED, "not_authenticated"), status=401)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, body(NOT_FOUND, "not_found"), status=404)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, body(INVALID, "invalid", errors=exc.errors), status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = STATUS_CODES.get(exc.status_code, "error")
        return api.create_response(request, body(exc.message, code), status=exc.status_code)

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error at %s", request.path, exc_info=exc)
        return api.create_response(request, body(SERVER_ERROR, "server_error"), status=500)

    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Exception, server_error)
