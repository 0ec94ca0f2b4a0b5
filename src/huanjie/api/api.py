"""The JSON API (django-ninja): typed, session-authenticated, scoped like the pages.

OpenAPI document at /api/openapi.json, docs page at /api/docs (Swagger UI served from ninja's
own static files, so it works offline and under the site's content security policy). Every
error answers {"detail": ..., "code": ...} (see huanjie.api.errors), unknown /api/ paths too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from ninja import NinjaAPI, Schema, Swagger
from ninja.security import django_auth

from huanjie.api import communities, errors, roster


class HuanjieAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        # Last: a JSON 404 for every other path under /api/, instead of the site's HTML page.
        return [*patterns, re_path(r"^", self.unknown_path)], app_name, namespace

    def unknown_path(self, request: HttpRequest) -> HttpResponse:
        return self.create_response(request, errors.body(errors.NOT_FOUND, "not_found"), status=404)


api = HuanjieAPI(
    title="huanjie API",
    version="1",
    description="业委会换届改选 huanjie 的数据接口。所有数据按小区授权范围返回；未登录返回 401，"
                "无权查看的小区与不存在的小区一样返回 404。",
    auth=django_auth,
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)
api.add_router("/communities", communities.router)
api.add_router("/communities", roster.router)


class HealthOut(Schema):
    status: str


@api.get("/health", auth=None, response=HealthOut, summary="Health check", tags=["meta"])
def health(request: HttpRequest) -> HealthOut:
    return HealthOut(status="ok")
