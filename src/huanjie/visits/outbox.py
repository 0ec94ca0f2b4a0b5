"""The server side of the door page's outbox (static/visits/outbox.js).

The script posts each queued form with the header `X-Outbox: 1` and reads a JSON answer:
2xx means stored (or already stored: the idempotency key matched), 400 means refused for a
reason the staff member must read, anything else means try again later.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, JsonResponse


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Outbox") == "1"


def form_errors(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{error}" if label else str(error) for error in errors)
    return "；".join(parts)


def refused(message: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=400)


def stored(message: str, *, created: bool) -> JsonResponse:
    return JsonResponse({"ok": True, "created": created, "message": message}, status=201 if created else 200)
