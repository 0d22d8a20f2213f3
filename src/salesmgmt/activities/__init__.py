"""Activities: the call log, the attendance sheet, activity KPIs and discipline.

An :class:`Activity` is one logged call, visit, meeting, email or demo; an
:class:`AttendanceDay` is one rep's line on the attendance sheet. Activity KPIs
per rep and period follow tally -> merge -> finalise
(:func:`tally_activities`, :func:`merge_activity_tallies`,
:func:`finalise_activities`, or :func:`activity_kpis` for all three), and
:func:`discipline` finds, at month end, who did not make their calls and who
was absent without leave.

>>> import datetime as dt
>>> from salesmgmt import Period
>>> from salesmgmt.activities import Activity, activity_kpis
>>> log = [Activity("A-1", "R-1", "call", dt.date(2025, 3, 3), outcome="reached")]
>>> activity_kpis(log, Period.month(2025, 3))["R-1"].contact_rate
Decimal('1')
"""

from salesmgmt.activities._discipline import (
    DisciplinePolicy,
    ExcessAbsence,
    ShortCalls,
    Violation,
    discipline,
)
from salesmgmt.activities._kpis import (
    ActivityCounts,
    ActivitySummary,
    ActivityTally,
    activity_kpis,
    finalise_activities,
    merge_activity_tallies,
    tally_activities,
)
from salesmgmt.activities._values import (
    ACTIVITY_KINDS,
    ATTENDANCE_STATUSES,
    OUTCOMES,
    Activity,
    ActivityKind,
    AttendanceDay,
    AttendanceStatus,
    Outcome,
)

__all__ = [
    "ACTIVITY_KINDS",
    "ATTENDANCE_STATUSES",
    "OUTCOMES",
    "Activity",
    "ActivityCounts",
    "ActivityKind",
    "ActivitySummary",
    "ActivityTally",
    "AttendanceDay",
    "AttendanceStatus",
    "DisciplinePolicy",
    "ExcessAbsence",
    "Outcome",
    "ShortCalls",
    "Violation",
    "activity_kpis",
    "discipline",
    "finalise_activities",
    "merge_activity_tallies",
    "tally_activities",
]
