"""The JSON API (django-ninja): typed, session-authenticated, scoped like the pages.

OpenAPI document at /api/openapi.json, docs page at /api/docs.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import django_auth

from huanjie.api import communities

api = NinjaAPI(
    title="huanjie API",
    version="1",
    description="业委会换届改选 huanjie 的数据接口。所有数据按小区授权范围返回。",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/communities", communities.router)


@api.get("/health", auth=None, summary="Health check", tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}
