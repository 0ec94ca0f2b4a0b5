from __future__ import annotations

from django.contrib import admin

from huanjie.candidates.models import (
    Candidate,
    Criterion,
    EligibilityCheck,
    Meeting,
    MeetingQuestion,
    Nomination,
    Panelist,
    Recruitment,
)


@admin.register(Recruitment)
class RecruitmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["reelection", "seats", "joint_minimum", "final_list_on"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["owner", "unit", "method", "channel", "status", "submitted_at"]
    list_filter = ["community", "method", "channel", "status"]


class EligibilityCheckInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EligibilityCheck
    extra = 0
    exclude = ["community"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["nomination", "status", "panel_score", "panel_recommended"]
    list_filter = ["community", "status"]
    inlines = [EligibilityCheckInline]


@admin.register(Panelist)
class PanelistAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "affiliation", "recruitment"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "max_points", "weight", "recruitment"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["starts_at", "place", "host", "status", "recruitment"]
    list_filter = ["community", "status"]


@admin.register(MeetingQuestion)
class MeetingQuestionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["meeting", "asker_name", "to_candidate", "source", "asked_at"]
    list_filter = ["community", "source"]
