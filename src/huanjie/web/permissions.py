"""The one door every community page goes through: is this user allowed here, in this role?"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from huanjie.accounts.selectors import roles_in
from huanjie.roster.models import Community

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, Community, P], HttpResponse]


def community_view(roles: Iterable[str]) -> Callable[[View[P]], Callable[..., HttpResponse]]:
    """Load the community from the URL's `slug`; 404 unless the user holds one of `roles` there.

    A 404 (not a 403) so that a member of community A cannot even learn that B exists.
    """
    allowed = frozenset(str(role) for role in roles)

    def decorate(view: View[P]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            community = get_object_or_404(Community.objects.select_related("street_office"), slug=slug)
            held = roles_in(request.user, community)
            if not held & allowed:
                raise Http404
            request.community_roles = held  # type: ignore[attr-defined]
            return view(request, community, *args, **kwargs)

        return wrapper

    return decorate
