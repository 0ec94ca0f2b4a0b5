"""The holiday calendar page (节假日安排): what the app has verified, and entering a year's notice.

For system administrators (superusers) only, and not in Django admin: every other user gets a 404,
as for any page they may not open.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.holidays.errors import HolidayRowsInvalid, HolidaysError
from huanjie.holidays.forms import EnterYearForm
from huanjie.holidays.models import EnteredYear
from huanjie.holidays.selectors import app_calendar, coverage
from huanjie.holidays.services import enter_year, withdraw_year


def system_administrator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "is_superuser", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _initial(year: int) -> dict[str, object]:
    entered = EnteredYear.objects.filter(year=year).first()
    if entered is None:
        return {"year": year}
    return {"year": year, "notice_number": entered.notice_number, "notice_date": entered.notice_date,
            "rows_text": entered.rows_text}


@system_administrator
def index(request: HttpRequest) -> HttpResponse:
    """The verified years, the years ahead that are not, and the form to enter one."""
    today = timezone.localdate()
    problems: list[str] = []
    if request.method == "POST":
        form = EnterYearForm(request.POST)
        if form.is_valid():
            try:
                entered = enter_year(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except HolidayRowsInvalid as invalid:
                problems = invalid.lines
            except HolidaysError as refused:
                problems = [str(refused)]
            else:
                messages.success(request, _("%(year)s 年的节假日安排已保存（%(number)s）。")
                                 % {"year": entered.year, "number": entered.notice_number})
                return redirect("holidays:index")
    else:
        wanted = request.GET.get("year", "")
        form = EnterYearForm(initial=_initial(int(wanted) if wanted.isdigit() and len(wanted) == 4
                                              else today.year + 1))
    calendar = app_calendar()
    ahead = [year for year in (today.year, today.year + 1) if year not in calendar.verified_years]
    return render(request, "holidays/index.html", {
        "form": form, "problems": problems, "coverage": coverage(calendar), "ahead": ahead,
        "entered": EnteredYear.objects.prefetch_related("days"), "today": today,
    })


@require_POST
@system_administrator
def withdraw(request: HttpRequest, year: int) -> HttpResponse:
    try:
        withdraw_year(year=year, actor=request.user)  # type: ignore[arg-type]
    except HolidaysError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("已撤销录入的 %(year)s 年节假日安排。") % {"year": year})
    return redirect("holidays:index")
