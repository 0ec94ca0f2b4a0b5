from __future__ import annotations

from django.contrib import admin

from huanjie.training.models import Course, Trainee


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "title", "topic", "required"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["community", "name", "position"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
