from __future__ import annotations

from django import forms

from huanjie.personaldata.models import RetentionPolicy


class RetentionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RetentionPolicy
        fields = ["months", "erase_roster_phones", "hold_reason"]
