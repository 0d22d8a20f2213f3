"""Month-end discipline: who did not make their calls, who was absent.

The seed: "from the call log and the attendance sheet, find those who did not
make their calls; criticise, and fine where a fine is due". :func:`discipline`
returns the violations as facts (days short, calls short, absences); the
fines are :class:`~salesmgmt.reviews.ConsequencePolicy`'s business.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from salesmgmt._checks import check_choice, check_date, check_int, check_type, iter_chunks
from salesmgmt.activities._values import ACTIVITY_KINDS, Activity, AttendanceDay, check_id
from salesmgmt.errors import ValidationError
from salesmgmt.periods import Period

__all__ = ["DisciplinePolicy", "ExcessAbsence", "ShortCalls", "Violation", "discipline"]


def _finding_field(finding: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator shared by the findings: ids, a period, ascending dates, counts."""
    record = f"{type(finding).__name__} {finding.rep_id!r}"
    name = attribute.name
    if name == "period":
        check_type(value, Period, record=record, field=name)
    elif name in ("short_days", "absent_days"):
        days = check_type(value, tuple, record=record, field=name, expected="a tuple of dates")
        for day in days:
            check_date(day, record=record, field=name)
        if list(days) != sorted(set(days)):
            raise ValidationError.for_field(record, name, value, "distinct dates in order")
    else:
        check_int(value, record=record, field=name, min_value=0, max_value=10**9)
        if name == "allowed" and value >= len(finding.absent_days):
            raise ValidationError.for_field(
                record, name, value, f"fewer than the {len(finding.absent_days)} absent days"
            )


_RECORD = "DisciplinePolicy"


def _kinds(value: object) -> object:
    """Lossless converter: a list, tuple or set of kinds becomes a frozenset."""
    if isinstance(value, list | tuple | set):
        try:
            return frozenset(value)
        except TypeError:
            return value
    return value


def _check_kinds(_: object, __: attrs.Attribute[Any], value: object) -> None:
    kinds = check_type(
        value, frozenset, record=_RECORD, field="call_kinds", expected="a set of kinds"
    )
    if not kinds:
        raise ValidationError.for_field(_RECORD, "call_kinds", value, "a non-empty set of kinds")
    for kind in sorted(kinds, key=repr):
        check_choice(kind, ACTIVITY_KINDS, record=_RECORD, field="call_kinds")


@attrs.frozen
class DisciplinePolicy:
    """The activity rules a rep must keep on every working day.

    Args:
        calls_per_day: calls required on each day the rep is ``"present"``
            (default 20, a common telesales floor; 0 switches the check off).
        allowed_absences: unexcused absences tolerated in the period (default 0).
        call_kinds: the activity kinds that count as calls (default ``{"call"}``;
            add ``"visit"`` when a visit replaces calls).

    >>> from salesmgmt.activities import DisciplinePolicy
    >>> DisciplinePolicy(calls_per_day=30).allowed_absences
    0
    >>> DisciplinePolicy(call_kinds=["fax"])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: DisciplinePolicy: 'call_kinds' must be one of 'call', ...
    """

    calls_per_day: int = attrs.field(
        default=20,
        validator=lambda _, __, v: check_int(
            v, record=_RECORD, field="calls_per_day", min_value=0, max_value=10_000
        ),
    )
    allowed_absences: int = attrs.field(
        default=0,
        validator=lambda _, __, v: check_int(
            v, record=_RECORD, field="allowed_absences", min_value=0, max_value=366
        ),
    )
    call_kinds: frozenset[str] = attrs.field(
        default=frozenset({"call"}), converter=_kinds, validator=_check_kinds
    )


@attrs.frozen
class ShortCalls:
    """A rep made fewer calls than required on some working days.

    Attributes:
        rep_id: the rep.
        period: the period checked.
        short_days: the days (present, fewer calls than required), ascending.
        calls_short: total calls missing over those days.
        calls_required: calls required per present day.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import ShortCalls
    >>> v = ShortCalls("R-1", Period.month(2025, 3), (dt.date(2025, 3, 3),), 5, 20)
    >>> v.days_short, v.sentence
    (1, "Rep 'R-1' was 5 calls short of 20 a day on 1 day in 2025-03 (2025-03-03).")
    """

    rep_id: str = attrs.field(validator=lambda _, __, v: check_id(v, "Finding", "rep_id"))
    period: Period = attrs.field(validator=_finding_field)
    short_days: tuple[dt.date, ...] = attrs.field(validator=_finding_field)
    calls_short: int = attrs.field(validator=_finding_field)
    calls_required: int = attrs.field(validator=_finding_field)

    @property
    def days_short(self) -> int:
        """How many days fell short.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> ShortCalls("R-1", Period.month(2025, 3), (dt.date(2025, 3, 3),), 5, 20).days_short
        1
        """
        return len(self.short_days)

    @property
    def sentence(self) -> str:
        """The finding in words, naming the facts.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> days = (dt.date(2025, 3, 3), dt.date(2025, 3, 4))
        >>> print(ShortCalls("R-1", Period.month(2025, 3), days, 7, 20).sentence)
        Rep 'R-1' was 7 calls short of 20 a day on 2 days in 2025-03 (2025-03-03, 2025-03-04).
        """
        days = "day" if self.days_short == 1 else "days"
        listed = ", ".join(day.isoformat() for day in self.short_days)
        return (
            f"Rep {self.rep_id!r} was {self.calls_short} calls short of {self.calls_required}"
            f" a day on {self.days_short} {days} in {self.period} ({listed})."
        )


@attrs.frozen
class ExcessAbsence:
    """A rep had more unexcused absences than the policy allows.

    Attributes:
        rep_id: the rep.
        period: the period checked.
        absent_days: the unexcused absences, ascending.
        allowed: absences the policy tolerates.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import ExcessAbsence
    >>> ExcessAbsence("R-2", Period.month(2025, 3), (dt.date(2025, 3, 7),), 0).excess
    1
    """

    rep_id: str = attrs.field(validator=lambda _, __, v: check_id(v, "Finding", "rep_id"))
    period: Period = attrs.field(validator=_finding_field)
    absent_days: tuple[dt.date, ...] = attrs.field(validator=_finding_field)
    allowed: int = attrs.field(validator=_finding_field)

    @property
    def excess(self) -> int:
        """Absences beyond the allowance.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> days = (dt.date(2025, 3, 6), dt.date(2025, 3, 7))
        >>> ExcessAbsence("R-2", Period.month(2025, 3), days, 1).excess
        1
        """
        return len(self.absent_days) - self.allowed

    @property
    def sentence(self) -> str:
        """The finding in words, naming the facts.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> print(ExcessAbsence("R-2", Period.month(2025, 3), (dt.date(2025, 3, 7),), 0).sentence)
        Rep 'R-2' was absent without leave on 1 day in 2025-03 (2025-03-07); 0 allowed.
        """
        days = "day" if len(self.absent_days) == 1 else "days"
        listed = ", ".join(day.isoformat() for day in self.absent_days)
        return (
            f"Rep {self.rep_id!r} was absent without leave on {len(self.absent_days)} {days}"
            f" in {self.period} ({listed}); {self.allowed} allowed."
        )


Violation = ShortCalls | ExcessAbsence
"""A discipline finding; consume with ``match``."""


def _attendance(
    attendance: Iterable[AttendanceDay], period: Period
) -> dict[tuple[str, dt.date], str]:
    sheet: dict[tuple[str, dt.date], str] = {}
    for chunk in iter_chunks(attendance, record="discipline()", field="attendance"):
        for day in chunk:
            if type(day) is not AttendanceDay:  # fast path for the exact class
                check_type(day, AttendanceDay, record="discipline()", field="attendance[]")
            if not period.start <= day.on <= period.end:
                continue
            key = (day.rep_id, day.on)
            known = sheet.setdefault(key, day.status)
            if known != day.status:
                raise ValidationError.for_field(
                    f"AttendanceDay {day.rep_id!r}",
                    "status",
                    day.status,
                    f"the same status as the other line for {day.on.isoformat()} ({known!r})",
                    hint="Keep one attendance line per rep and day.",
                )
    return sheet


def _count_calls(
    activities: Iterable[Activity], period: Period, kinds: frozenset[str]
) -> Counter[tuple[str, dt.date]]:
    """Calls per (rep, day) in ``period``; duplicate activity ids are refused."""
    calls: Counter[tuple[str, dt.date]] = Counter()
    seen: set[str] = set()
    for chunk in iter_chunks(activities, record="discipline()", field="activities"):
        for activity in chunk:
            if type(activity) is not Activity:  # fast path for the exact class
                check_type(activity, Activity, record="discipline()", field="activities[]")
            if activity.activity_id in seen:
                raise ValidationError.for_field(
                    f"Activity {activity.activity_id!r}",
                    "activity_id",
                    activity.activity_id,
                    "unique among the activities",
                    hint="Remove the duplicate log line.",
                )
            seen.add(activity.activity_id)
            if activity.kind in kinds and period.start <= activity.on <= period.end:
                calls[activity.rep_id, activity.on] += 1
    return calls


def discipline(
    activities: Iterable[Activity],
    attendance: Iterable[AttendanceDay],
    period: Period,
    policy: DisciplinePolicy | None = None,
) -> tuple[Violation, ...]:
    """The discipline violations in ``period``, from the call log and the attendance sheet.

    Working days are the days on the attendance sheet. On each day a rep is
    ``"present"`` they must make ``policy.calls_per_day`` calls (activities whose
    kind is in ``policy.call_kinds``); a day with fewer is a *short day* and the
    missing calls add up to ``calls_short``. ``"absent"`` days beyond
    ``policy.allowed_absences`` give an :class:`ExcessAbsence`; ``"leave"`` days
    are never held against the rep. Calls on days not on the sheet count for
    nothing. At most one violation of each type per rep; sorted by rep id, then
    :class:`ShortCalls` before :class:`ExcessAbsence`. The result does not
    depend on the order of either input.

    Args:
        activities: the activity log (any iterable of :class:`Activity`).
        attendance: the attendance sheet (any iterable of :class:`AttendanceDay`).
        period: the period to check (a month, usually).
        policy: the rules; ``DisciplinePolicy()`` when omitted.

    Raises:
        WrongType: an item that is not an Activity / AttendanceDay, a bad period or policy.
        ValidationError: two activities with one id, two attendance lines for a
            rep and day that disagree.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import Activity, AttendanceDay, DisciplinePolicy, discipline
    >>> day = dt.date(2025, 3, 3)
    >>> log = [Activity(f"A-{i}", "R-1", "call", day) for i in range(18)]
    >>> sheet = [AttendanceDay("R-1", day), AttendanceDay("R-2", day, "leave")]
    >>> [v.sentence for v in discipline(log, sheet, Period.month(2025, 3))]
    ["Rep 'R-1' was 2 calls short of 20 a day on 1 day in 2025-03 (2025-03-03)."]
    >>> discipline([], [], Period.month(2025, 3), DisciplinePolicy(calls_per_day=0))
    ()
    """
    check_type(period, Period, record="discipline()", field="period")
    policy = DisciplinePolicy() if policy is None else policy
    check_type(policy, DisciplinePolicy, record="discipline()", field="policy")
    calls = _count_calls(activities, period, policy.call_kinds)
    sheet = _attendance(attendance, period)
    short: dict[str, list[tuple[dt.date, int]]] = {}
    absent: dict[str, list[dt.date]] = {}
    required = policy.calls_per_day
    for (rep_id, day), status in sheet.items():
        if status == "present":
            made = calls.get((rep_id, day), 0)
            if made < required:
                short.setdefault(rep_id, []).append((day, required - made))
        elif status == "absent":
            absent.setdefault(rep_id, []).append(day)
    found: list[Violation] = []
    for rep_id in sorted(short.keys() | absent.keys()):
        if rep_id in short:
            days = sorted(short[rep_id])
            found.append(
                ShortCalls(
                    rep_id,
                    period,
                    tuple(day for day, _ in days),
                    sum(missing for _, missing in days),
                    required,
                )
            )
        if len(absent.get(rep_id, ())) > policy.allowed_absences:
            found.append(
                ExcessAbsence(
                    rep_id, period, tuple(sorted(absent[rep_id])), policy.allowed_absences
                )
            )
    return tuple(found)
