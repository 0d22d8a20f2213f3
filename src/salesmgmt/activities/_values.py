"""The activity log and the attendance sheet: ``Activity`` and ``AttendanceDay``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

import attrs

from salesmgmt._checks import check_bool, check_choice, check_date, check_int, check_str
from salesmgmt.errors import ValidationError

__all__ = [
    "ACTIVITY_KINDS",
    "ATTENDANCE_STATUSES",
    "OUTCOMES",
    "Activity",
    "ActivityKind",
    "AttendanceDay",
    "AttendanceStatus",
    "Outcome",
]

ActivityKind = Literal["call", "visit", "meeting", "email", "demo", "other"]
#: What a rep can log.
ACTIVITY_KINDS: Final = ("call", "visit", "meeting", "email", "demo", "other")
Outcome = Literal["none", "reached", "not_reached", "order"]
#: How an activity ended: ``"reached"`` (spoke with the customer), ``"not_reached"``
#: (no answer, nobody met), ``"order"`` (the customer placed an order), ``"none"``
#: (not recorded).
OUTCOMES: Final = ("none", "reached", "not_reached", "order")
AttendanceStatus = Literal["present", "absent", "leave"]
#: A rep's day on the attendance sheet: ``"leave"`` is approved (holiday, sick
#: leave), ``"absent"`` is not.
ATTENDANCE_STATUSES: Final = ("present", "absent", "leave")
MAX_ID_LENGTH: Final = 64
#: Longest duration of one activity, in minutes (one day).
MAX_DURATION: Final = 24 * 60


def check_id(value: object, record: str, field: str) -> str:
    """An id: 1 to 64 printable characters without surrounding spaces."""
    text = check_str(value, record=record, field=field, max_length=MAX_ID_LENGTH)
    if text.strip() != text or not text.isprintable():
        raise ValidationError.for_field(
            record,
            field,
            value,
            f"an id of 1 to {MAX_ID_LENGTH} printable characters without surrounding spaces",
        )
    return text


def _record(kind: str, key: object) -> str:
    if isinstance(key, str) and len(key) <= MAX_ID_LENGTH:
        return f"{kind} {key!r}"
    return kind


def _plain_date(value: object) -> object:
    """Lossless converter: a ``date`` subclass becomes a plain ``date``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    return value


def _activity_field(activity: Activity, attribute: attrs.Attribute[Any], value: Any) -> None:
    record = _record("Activity", activity.activity_id)
    name = attribute.name
    if name in ("rep_id",):
        check_id(value, record, name)
    elif name in ("account_id", "opportunity_id"):
        if value is not None:
            check_id(value, record, name)
    elif name == "kind":
        check_choice(value, ACTIVITY_KINDS, record=record, field=name)
    elif name == "on":
        check_date(value, record=record, field=name)
    elif name == "duration":
        check_int(value, record=record, field=name, min_value=0, max_value=MAX_DURATION)
    elif name == "outcome":
        check_choice(value, OUTCOMES, record=record, field=name)
    elif name == "is_new_account":
        check_bool(value, record=record, field=name)
        if value and activity.account_id is None:
            raise ValidationError.for_field(
                record,
                "account_id",
                None,
                "an account id when is_new_account is True",
                hint="Name the new account the rep developed.",
            )


@attrs.frozen
class Activity:
    """One logged sales activity: a call, a visit, a meeting, an email, a demo.

    Args:
        activity_id: the activity's unique id.
        rep_id: the rep who did it.
        kind: one of :data:`ACTIVITY_KINDS`.
        on: the day it happened.
        account_id: the customer account, or ``None``.
        opportunity_id: the deal it worked on, or ``None`` (a *touch* of that deal).
        duration: minutes, 0 to 1440 (0 when not recorded).
        outcome: one of :data:`OUTCOMES` (``"none"`` when not recorded).
        is_new_account: the account is a new customer the rep is developing
            (needs ``account_id``).

    Raises:
        WrongType: a field of the wrong type (a ``datetime`` for ``on``).
        ValidationError: an unknown kind or outcome, a duration outside 0-1440,
            a new account without an account id.

    >>> import datetime as dt
    >>> from salesmgmt.activities import Activity
    >>> Activity("A-1", "R-1", "call", dt.date(2025, 3, 3), outcome="reached").kind
    'call'
    >>> Activity("A-2", "R-1", "visit", dt.date(2025, 3, 3), is_new_account=True)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Activity 'A-2': 'account_id' must be an account id ...
    Hint: Name the new account the rep developed.
    """

    activity_id: str = attrs.field(
        validator=lambda _, __, v: check_id(v, "Activity", "activity_id")
    )
    rep_id: str = attrs.field(validator=_activity_field)
    kind: ActivityKind = attrs.field(validator=_activity_field)
    on: dt.date = attrs.field(converter=_plain_date, validator=_activity_field)
    account_id: str | None = attrs.field(default=None, kw_only=True, validator=_activity_field)
    opportunity_id: str | None = attrs.field(default=None, kw_only=True, validator=_activity_field)
    duration: int = attrs.field(default=0, kw_only=True, validator=_activity_field)
    outcome: Outcome = attrs.field(default="none", kw_only=True, validator=_activity_field)
    is_new_account: bool = attrs.field(default=False, kw_only=True, validator=_activity_field)


def _attendance_field(day: AttendanceDay, attribute: attrs.Attribute[Any], value: Any) -> None:
    record = _record("AttendanceDay", day.rep_id)
    if attribute.name == "on":
        check_date(value, record=record, field="on")
    else:
        check_choice(value, ATTENDANCE_STATUSES, record=record, field=attribute.name)


@attrs.frozen
class AttendanceDay:
    """One rep's line on the attendance sheet for one working day.

    The attendance sheet defines the working days that discipline checks: a
    day with no line for a rep is not checked for that rep.

    Args:
        rep_id: the rep.
        on: the working day.
        status: ``"present"`` (the default), ``"absent"`` (unexcused) or
            ``"leave"`` (approved absence; not counted against the rep).

    >>> import datetime as dt
    >>> from salesmgmt.activities import AttendanceDay
    >>> AttendanceDay("R-1", dt.date(2025, 3, 3)).status
    'present'
    >>> AttendanceDay("R-1", dt.date(2025, 3, 3), "sick")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: AttendanceDay 'R-1': 'status' must be one of 'present', ...
    """

    rep_id: str = attrs.field(validator=lambda _, __, v: check_id(v, "AttendanceDay", "rep_id"))
    on: dt.date = attrs.field(converter=_plain_date, validator=_attendance_field)
    status: AttendanceStatus = attrs.field(default="present", validator=_attendance_field)
