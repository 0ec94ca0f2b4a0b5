from __future__ import annotations

from django.http import HttpRequest

CARE_COOKIE = "huanjie_care"


def site(request: HttpRequest) -> dict[str, object]:
    """关怀版: larger text and controls for elderly owners, remembered per browser."""
    return {"care_mode": request.COOKIES.get(CARE_COOKIE) == "1"}
