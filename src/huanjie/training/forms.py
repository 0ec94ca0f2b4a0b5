from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.training.models import Course, Position, Topic, Trainee


class TraineeForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    position = forms.ChoiceField(label=_("职务"), choices=Position.choices, initial=Position.MEMBER)


class CourseForm(forms.Form):
    topic = forms.ChoiceField(label=_("主题"), choices=Topic.choices)
    title = forms.CharField(label=_("课程名称"), max_length=120)
    required = forms.BooleanField(label=_("必修"), required=False, initial=True)


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(label=_("课程"), queryset=Course.objects.none())
    held_on = forms.DateField(label=_("培训日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place = forms.CharField(label=_("地点"), max_length=120)
    trainer = forms.CharField(label=_("授课人"), max_length=60)

    def __init__(self, *args: object, courses: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]


class MaterialForm(forms.Form):
    course = forms.ModelChoiceField(label=_("课程"), queryset=Course.objects.none())
    title = forms.CharField(label=_("资料名称"), max_length=120)
    file = forms.FileField(label=_("文件（PDF、Word、PowerPoint、Excel 或图片，20 MB 以内）"))

    def __init__(self, *args: object, courses: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]


class TraineesField(forms.ModelMultipleChoiceField):
    """Ids that are no 64-bit number are refused like unknown ones (SQLite raised OverflowError: a 500)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, (list, tuple)) else ():
            text = str(pk).strip()
            try:
                number = int(text)
            except ValueError:
                continue
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": text[:20]})
        return super()._check_values(value)


class AttendanceForm(forms.Form):
    present = TraineesField(label=_("出勤的委员"), queryset=Trainee.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, trainees: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["present"].queryset = trainees  # type: ignore[attr-defined]
