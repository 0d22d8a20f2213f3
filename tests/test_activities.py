"""Activities, attendance, activity KPIs and discipline (``salesmgmt.activities``)."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import Period, ValidationError, WrongType
from salesmgmt.activities import (
    ATTENDANCE_STATUSES,
    OUTCOMES,
    Activity,
    ActivityTally,
    AttendanceDay,
    DisciplinePolicy,
    ExcessAbsence,
    ShortCalls,
    activity_kpis,
    discipline,
    finalise_activities,
    merge_activity_tallies,
    tally_activities,
)
from salesmgmt.errors import PeriodError
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._reviews import activities, attendance_days, discipline_policies

D = Decimal
MARCH = Period.month(2025, 3)
# March 2025 starts on a Saturday: its 21 weekdays are 3-7, 10-14, 17-21, 24-28 and 31.
WEEKDAYS = [
    MARCH.start + dt.timedelta(days=i)
    for i in range(31)
    if (MARCH.start + dt.timedelta(days=i)).weekday() < 5
]
# Drawing a list of activities costs hypothesis about 10 ms an example; the list-based
# properties run 100 examples (not the profile's 250) to keep the module under 15 s.
LISTS = settings(max_examples=100)
small_reps = st.sampled_from(["R-1", "R-2", "R-3"])


def _activity(
    n: int, rep: str, day: int, kind: str, outcome: str, deal: int, account: int
) -> Activity:
    on = MARCH.start + dt.timedelta(days=day)
    return Activity(
        f"A-{n}",
        rep,
        kind,  # type: ignore[arg-type] # drawn from the kinds below
        on,
        account_id=f"C-{account}" if account else None,
        opportunity_id=f"O-{deal}" if deal else None,
        outcome=outcome,  # type: ignore[arg-type] # drawn from OUTCOMES
        is_new_account=account > 2,
    )


# A cheap log strategy for the many-example properties (salesmgmt.strategies.activities()
# draws every field independently and is slower): few reps, days, deals and accounts so
# that collisions happen.
_rows = st.tuples(
    small_reps,
    st.integers(0, 30),
    st.sampled_from(["call", "call", "visit", "demo"]),
    st.sampled_from(OUTCOMES),
    st.integers(0, 3),
    st.integers(0, 4),
)


def unique_log(max_size: int = 15) -> st.SearchStrategy[list[Activity]]:
    return st.lists(_rows, max_size=max_size).map(
        lambda rows: [_activity(n, *row) for n, row in enumerate(rows)]
    )


def _attendance(rows: list[tuple[str, int, str]]) -> list[AttendanceDay]:
    return [
        AttendanceDay(rep, MARCH.start + dt.timedelta(days=day), status)  # type: ignore[arg-type]
        for rep, day, status in rows
    ]


def consistent_sheet(max_size: int = 15) -> st.SearchStrategy[list[AttendanceDay]]:
    rows = st.tuples(small_reps, st.integers(0, 30), st.sampled_from(ATTENDANCE_STATUSES))
    return st.lists(rows, max_size=max_size, unique_by=lambda r: (r[0], r[1])).map(_attendance)


def calls(rep_id: str, day: dt.date, n: int, start: int = 0) -> list[Activity]:
    return [Activity(f"{rep_id}-{day}-{start + i}", rep_id, "call", day) for i in range(n)]


def march_log() -> tuple[list[Activity], list[AttendanceDay]]:
    """R-1 makes 20 calls a day except 15 on 12 March and 18 on 25 March; R-2 makes
    25 a day, is absent without leave on 7 March and on leave on 14 March."""
    log: list[Activity] = []
    sheet: list[AttendanceDay] = []
    for day in WEEKDAYS:
        r1 = {dt.date(2025, 3, 12): 15, dt.date(2025, 3, 25): 18}.get(day, 20)
        log += calls("R-1", day, r1)
        sheet.append(AttendanceDay("R-1", day))
        status = {dt.date(2025, 3, 7): "absent", dt.date(2025, 3, 14): "leave"}.get(day, "present")
        sheet.append(AttendanceDay("R-2", day, status))  # type: ignore[arg-type] # literal
        if status == "present":
            log += calls("R-2", day, 25)
    return log, sheet


class TestActivity:
    @pytest.mark.parametrize(
        ("kwargs", "error", "fragment"),
        [
            ({"kind": "fax"}, ValidationError, "'kind' must be one of"),
            ({"on": dt.datetime(2025, 3, 3, 9)}, WrongType, "not a datetime"),
            ({"duration": -1}, ValidationError, "'duration'"),
            ({"duration": 1.5}, WrongType, "'duration'"),
            ({"outcome": "won"}, ValidationError, "'outcome'"),
            ({"is_new_account": True}, ValidationError, "'account_id'"),
            ({"rep_id": " R-1"}, ValidationError, "printable characters"),
            ({"account_id": 7}, WrongType, "'account_id'"),
        ],
    )
    def test_bad_fields(self, kwargs: dict[str, object], error: type, fragment: str) -> None:
        fields: dict[str, object] = {
            "activity_id": "A-1",
            "rep_id": "R-1",
            "kind": "call",
            "on": dt.date(2025, 3, 3),
        }
        fields.update(kwargs)
        with pytest.raises(error, match="Activity") as info:
            Activity(**fields)  # type: ignore[arg-type] # bad on purpose
        assert fragment in str(info.value)

    def test_attendance_rejects_unknown_status(self) -> None:
        with pytest.raises(ValidationError, match="AttendanceDay 'R-1': 'status'"):
            AttendanceDay("R-1", dt.date(2025, 3, 3), "sick")  # type: ignore[arg-type]

    # records.py treats the first field as the row id, so drawn rows have unique first fields
    # (an attendance sheet with two lines for one rep does not round-trip: see the report).
    @LISTS
    @given(
        st.lists(activities(), max_size=5, unique_by=lambda a: a.activity_id),
        st.lists(attendance_days(), max_size=5, unique_by=lambda a: a.rep_id),
    )
    def test_records_round_trip(self, log: list[Activity], sheet: list[AttendanceDay]) -> None:
        assert from_records(Activity, to_records(log)) == log
        assert from_records(AttendanceDay, to_records(sheet)) == sheet


class TestDisciplineWorkedExample:
    def test_march(self) -> None:
        log, sheet = march_log()
        found = discipline(log, sheet, MARCH, DisciplinePolicy(calls_per_day=20))
        assert found == (
            # 12 March: 20 - 15 = 5 short; 25 March: 20 - 18 = 2 short; 7 in all.
            ShortCalls("R-1", MARCH, (dt.date(2025, 3, 12), dt.date(2025, 3, 25)), 7, 20),
            # one unexcused absence (7 March), none allowed; leave on 14 March is fine.
            ExcessAbsence("R-2", MARCH, (dt.date(2025, 3, 7),), 0),
        )
        assert from_records(ShortCalls, to_records(found[:1])) == list(found[:1])
        assert from_records(ExcessAbsence, to_records(found[1:])) == list(found[1:])
        assert found[0].sentence == (
            "Rep 'R-1' was 7 calls short of 20 a day on 2 days in 2025-03"
            " (2025-03-12, 2025-03-25)."
        )

    def test_allowance_and_call_kinds(self) -> None:
        log, sheet = march_log()
        policy = DisciplinePolicy(calls_per_day=15, allowed_absences=1)
        assert discipline(log, sheet, MARCH, policy) == ()
        # Visits count as calls only when the policy says so.
        day = WEEKDAYS[0]
        visits = [Activity(f"V-{i}", "R-3", "visit", day) for i in range(3)]
        sheet3 = [AttendanceDay("R-3", day)]
        strict = DisciplinePolicy(calls_per_day=3)
        assert discipline(visits, sheet3, MARCH, strict)[0].calls_short == 3
        lenient = DisciplinePolicy(calls_per_day=3, call_kinds={"call", "visit"})
        assert discipline(visits, sheet3, MARCH, lenient) == ()

    def test_days_outside_period_and_sheet_are_ignored(self) -> None:
        april = dt.date(2025, 4, 1)
        sheet = [AttendanceDay("R-1", april), AttendanceDay("R-1", april, "present")]
        assert discipline([], sheet, MARCH) == ()
        assert discipline(calls("R-1", WEEKDAYS[0], 1), [], MARCH) == ()

    @pytest.mark.parametrize(
        ("activities_", "attendance", "period", "policy", "error", "fragment"),
        [
            ([1], [], MARCH, None, WrongType, "'activities[]'"),
            ([], [None], MARCH, None, WrongType, "'attendance[]'"),
            ([], [], "2025-03", None, WrongType, "'period'"),
            ([], [], MARCH, 20, WrongType, "'policy'"),
            (calls("R-1", WEEKDAYS[0], 1) * 2, [], MARCH, None, ValidationError, "unique"),
            (
                [],
                [AttendanceDay("R-1", WEEKDAYS[0]), AttendanceDay("R-1", WEEKDAYS[0], "leave")],
                MARCH,
                None,
                ValidationError,
                "one attendance line",
            ),
        ],
    )
    def test_bad_input(
        self,
        activities_: object,
        attendance: object,
        period: object,
        policy: object,
        error: type,
        fragment: str,
    ) -> None:
        with pytest.raises(error) as info:
            discipline(activities_, attendance, period, policy)  # type: ignore[arg-type]
        assert fragment in str(info.value)


class TestDisciplineInvariants:
    @given(
        unique_log(), consistent_sheet(), discipline_policies(max_calls_per_day=5), st.randoms()
    )
    def test_order_does_not_matter(
        self,
        log: list[Activity],
        sheet: list[AttendanceDay],
        policy: DisciplinePolicy,
        rng: random.Random,
    ) -> None:
        expected = discipline(log, sheet, MARCH, policy)
        rng.shuffle(log)
        rng.shuffle(sheet)
        assert discipline(iter(log), iter(sheet), MARCH, policy) == expected

    @LISTS
    @given(unique_log(), consistent_sheet(), discipline_policies(max_calls_per_day=5), st.data())
    def test_monotone_in_missed_calls(
        self,
        log: list[Activity],
        sheet: list[AttendanceDay],
        policy: DisciplinePolicy,
        data: st.DataObject,
    ) -> None:
        # Dropping activities (missing calls) never shortens the findings.
        kept = [a for a in log if data.draw(st.booleans())]
        before = {
            v.rep_id: v for v in discipline(log, sheet, MARCH, policy) if isinstance(v, ShortCalls)
        }
        after = {
            v.rep_id: v
            for v in discipline(kept, sheet, MARCH, policy)
            if isinstance(v, ShortCalls)
        }
        for rep_id, finding in before.items():
            assert rep_id in after
            assert after[rep_id].calls_short >= finding.calls_short
            assert set(after[rep_id].short_days) >= set(finding.short_days)

    @LISTS
    @given(unique_log(), consistent_sheet(), discipline_policies(max_calls_per_day=5))
    def test_findings_match_a_brute_force_count(
        self, log: list[Activity], sheet: list[AttendanceDay], policy: DisciplinePolicy
    ) -> None:
        required = policy.calls_per_day
        short: dict[str, dict[dt.date, int]] = {}
        absent: dict[str, list[dt.date]] = {}
        for line in sheet:
            if line.status == "present":
                made = sum(
                    1
                    for a in log
                    if (a.rep_id, a.on) == (line.rep_id, line.on) and a.kind in policy.call_kinds
                )
                if made < required:
                    short.setdefault(line.rep_id, {})[line.on] = required - made
            elif line.status == "absent":
                absent.setdefault(line.rep_id, []).append(line.on)
        expected: list[ShortCalls | ExcessAbsence] = []
        for rep_id in sorted(short.keys() | absent.keys()):
            if rep_id in short:
                days = short[rep_id]
                expected.append(
                    ShortCalls(rep_id, MARCH, tuple(sorted(days)), sum(days.values()), required)
                )
            if len(absent.get(rep_id, [])) > policy.allowed_absences:
                days_absent = tuple(sorted(absent[rep_id]))
                expected.append(ExcessAbsence(rep_id, MARCH, days_absent, policy.allowed_absences))
        assert discipline(log, sheet, MARCH, policy) == tuple(expected)


class TestActivityKpis:
    def test_worked_example(self) -> None:
        day = WEEKDAYS[0]
        log = [
            Activity("A-1", "R-1", "call", day, outcome="reached", opportunity_id="O-1"),
            Activity("A-2", "R-1", "call", day, outcome="not_reached", opportunity_id="O-1"),
            Activity("A-3", "R-1", "call", day, outcome="order", opportunity_id="O-2"),
            Activity("A-4", "R-1", "visit", day, account_id="C-1", outcome="reached"),
            Activity("A-5", "R-1", "visit", day, account_id="C-9", is_new_account=True),
            Activity("A-6", "R-1", "demo", day, account_id="C-9", is_new_account=True),
            Activity("A-7", "R-1", "email", dt.date(2025, 4, 1)),  # outside March
        ]
        k = activity_kpis(log, MARCH, rep_ids=["R-2"])
        r1 = k["R-1"]
        assert (r1.calls, r1.visits_to_existing, r1.new_accounts) == (3, 1, 1)
        # 3 touches of 2 deals = 1.5; 3 of 5 calls and visits reached = 0.6;
        # 1 order x 7 / 31 days = 0.2258.
        assert r1.touches_per_deal == D("1.5")
        assert r1.contact_rate == D("0.6")
        assert round(r1.orders_per_week, 4) == D("0.2258")
        assert k["R-2"].touches_per_deal is None
        assert k["R-2"].contact_rate is None
        assert list(k) == ["R-1", "R-2"]

    @LISTS
    @given(unique_log(), st.data())
    def test_merging_halves_equals_the_whole(
        self, log: list[Activity], data: st.DataObject
    ) -> None:
        cut = data.draw(st.integers(0, len(log)))
        merged = merge_activity_tallies(
            tally_activities(log[:cut], MARCH), tally_activities(log[cut:], MARCH)
        )
        assert merged == tally_activities(log, MARCH)
        assert finalise_activities(merged) == activity_kpis(log, MARCH)

    @LISTS
    @given(unique_log(), st.randoms())
    def test_order_does_not_matter(self, log: list[Activity], rng: random.Random) -> None:
        expected = activity_kpis(log, MARCH)
        rng.shuffle(log)
        assert activity_kpis(log, MARCH) == expected

    @LISTS
    @given(unique_log())
    def test_ratios_are_in_range(self, log: list[Activity]) -> None:
        for k in activity_kpis(log, MARCH).values():
            assert k.contact_rate is None or 0 <= k.contact_rate <= 1
            assert k.touches_per_deal is None or k.touches_per_deal >= 1

    def test_merge_refuses_other_periods(self) -> None:
        with pytest.raises(PeriodError, match="same period"):
            merge_activity_tallies(
                ActivityTally(MARCH, {}), ActivityTally(Period.month(2025, 4), {})
            )


class TestCallerContext:
    # Results never depend on the caller's decimal context (DESIGN, principle 3).
    @LISTS
    @given(unique_log(), consistent_sheet(), discipline_policies(max_calls_per_day=5))
    def test_kpis_and_discipline(
        self, log: list[Activity], sheet: list[AttendanceDay], policy: DisciplinePolicy
    ) -> None:
        expected = activity_kpis(log, MARCH), discipline(log, sheet, MARCH, policy)
        hostile = decimal.Context(
            prec=3, rounding=decimal.ROUND_FLOOR, traps=[decimal.Inexact, decimal.Rounded]
        )
        with decimal.localcontext(hostile):
            got = activity_kpis(log, MARCH), discipline(log, sheet, MARCH, policy)
        assert got == expected
