from __future__ import annotations

from django.contrib import admin

from huanjie.notices.models import Notice, Objection, Posting


class PostingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Posting
    extra = 0
    exclude = ["community"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "community", "kind", "status", "published_on", "period_ends_on"]
    list_filter = ["community", "kind", "status"]
    readonly_fields = ["public_token", "content_sha256", "withdrawn_reason", "withdrawn_by", "withdrawn_at"]
    inlines = [PostingInline]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["notice", "objector_name", "subject_label", "raised_on", "status"]
    list_filter = ["community", "status"]
