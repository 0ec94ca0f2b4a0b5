"""`{% audit_history_link obj %}`: a link to the object's 留痕记录, for the staff who may open it.

Put it next to an object on a community page: `{% load audit_links %}{% audit_history_link notice %}`.
It renders nothing for a viewer without a staff role (a scrutineer on a voting page, say) and
outside a community page.
"""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse

from huanjie.accounts.models import STAFF_ROLES

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_history_link(context: template.Context, obj: Model | None) -> str:
    community = context.get("community")
    request = context.get("request")
    roles = getattr(request, "community_roles", set())
    if obj is None or getattr(obj, "pk", None) is None or community is None or not set(roles) & STAFF_ROLES:
        return ""
    url = reverse("audit:object", args=[community.slug, obj._meta.label_lower, str(obj.pk)])
    return render_to_string("audit/_history_link.html", {"url": url})
