"""Strategies for activities, discipline and reviews."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.activities import (
    ACTIVITY_KINDS,
    ATTENDANCE_STATUSES,
    OUTCOMES,
    Activity,
    ActivityCounts,
    ActivitySummary,
    ActivityTally,
    AttendanceDay,
    DisciplinePolicy,
    ExcessAbsence,
    ShortCalls,
    tally_activities,
)
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.reviews import (
    CAUSES,
    FUNNEL,
    KPI,
    ConsequencePolicy,
    Curve,
    Diagnosis,
    Extreme,
    GapPart,
    Gate,
    Inverse,
    Linear,
    Penalty,
    Ranked,
    Rating,
    RatingScale,
    RepFacts,
    Review,
    ReviewLine,
    Reward,
    Scorecard,
    StepTable,
    customers_lost,
    diagnose,
    existing_visits,
    growth_rate,
    phone_calls,
    plan_attainment,
    reply_rate,
    review,
)
from salesmgmt.strategies._core import periods

__all__ = [
    "activities",
    "activity_counts",
    "activity_summaries",
    "activity_tallies",
    "attendance_days",
    "consequence_policies",
    "curves",
    "diagnosis",
    "discipline_policies",
    "excess_absences",
    "extremes",
    "gap_parts",
    "gates",
    "inverses",
    "kpis",
    "linears",
    "penalties",
    "rankeds",
    "rating_scales",
    "ratings",
    "rep_facts",
    "review_lines",
    "reviews",
    "rewards",
    "scorecards",
    "short_calls",
    "step_tables",
]

_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
_EARLY = dt.date(2000, 1, 1)
_LATE = dt.date(2099, 12, 31)


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.text(_ID_ALPHABET, min_size=1, max_size=6).map(lambda tail: prefix + tail)


def _check_dates(min_value: dt.date, max_value: dt.date) -> None:
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")


_ACCOUNTS = _ids("C-")
_MAYBE_ACCOUNTS = st.none() | _ACCOUNTS
_MAYBE_DEALS = st.none() | _ids("O-")
_DURATIONS = st.integers(0, 1440)
_OUTCOMES = st.sampled_from(OUTCOMES)


@st.composite
def _activities(
    draw: st.DrawFn,
    activity_ids: st.SearchStrategy[str],
    rep_ids: st.SearchStrategy[str],
    kinds: st.SearchStrategy[str],
    days: st.SearchStrategy[dt.date],
) -> Activity:
    new = draw(st.booleans())
    return Activity(
        draw(activity_ids),
        draw(rep_ids),
        draw(kinds),  # type: ignore[arg-type] # drawn from ACTIVITY_KINDS
        draw(days),
        account_id=draw(_ACCOUNTS if new else _MAYBE_ACCOUNTS),
        opportunity_id=draw(_MAYBE_DEALS),
        duration=draw(_DURATIONS),
        outcome=draw(_OUTCOMES),  # type: ignore[arg-type] # drawn from OUTCOMES
        is_new_account=new,
    )


def activities(
    *,
    activity_ids: st.SearchStrategy[str] | None = None,
    rep_ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _EARLY,
    max_value: dt.date = _LATE,
) -> st.SearchStrategy[Activity]:
    """Valid :class:`~salesmgmt.activities.Activity` values on days in
    ``[min_value, max_value]``, shrinking towards a call with no account.

    Args:
        activity_ids: ids to draw (default ``"A-…"``); pass ``st.uuids().map(str)``
            or use ``st.lists(..., unique_by=...)`` for unique logs.
        rep_ids: rep ids to draw (default ``"R-…"``).
        kinds: kinds to draw (default all of ``ACTIVITY_KINDS``).

    >>> from hypothesis import find
    >>> find(activities(), lambda a: True).kind
    'call'
    """
    _check_dates(min_value, max_value)
    return _activities(
        activity_ids if activity_ids is not None else _ids("A-"),
        rep_ids if rep_ids is not None else _ids("R-"),
        kinds if kinds is not None else st.sampled_from(ACTIVITY_KINDS),
        st.dates(min_value=min_value, max_value=max_value),
    )


def attendance_days(
    *,
    rep_ids: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _EARLY,
    max_value: dt.date = _LATE,
) -> st.SearchStrategy[AttendanceDay]:
    """Valid :class:`~salesmgmt.activities.AttendanceDay` lines.

    >>> from hypothesis import find
    >>> find(attendance_days(), lambda a: True).status
    'present'
    """
    _check_dates(min_value, max_value)
    return st.builds(
        AttendanceDay,
        rep_ids if rep_ids is not None else _ids("R-"),
        st.dates(min_value=min_value, max_value=max_value),
        st.sampled_from(ATTENDANCE_STATUSES),
    )


def discipline_policies(*, max_calls_per_day: int = 100) -> st.SearchStrategy[DisciplinePolicy]:
    """Valid :class:`~salesmgmt.activities.DisciplinePolicy` values.

    >>> from hypothesis import find
    >>> find(discipline_policies(max_calls_per_day=0), lambda p: True).calls_per_day
    0
    """
    if max_calls_per_day < 0:
        raise InvalidArgument(f"max_calls_per_day must be non-negative, got {max_calls_per_day}")
    return st.builds(
        DisciplinePolicy,
        st.integers(0, max_calls_per_day),
        st.integers(0, 31),
        st.sets(st.sampled_from(ACTIVITY_KINDS), min_size=1).map(frozenset)
        | st.just(frozenset({"call"})),
    )


def _sorted_days(min_size: int) -> st.SearchStrategy[tuple[dt.date, ...]]:
    return st.sets(st.dates(min_value=_EARLY, max_value=_LATE), min_size=min_size, max_size=5).map(
        lambda days: tuple(sorted(days))
    )


def short_calls() -> st.SearchStrategy[ShortCalls]:
    """:class:`~salesmgmt.activities.ShortCalls` findings (as :func:`discipline` builds).

    >>> from hypothesis import find
    >>> find(short_calls(), lambda v: True).calls_short
    0
    """
    return st.builds(
        ShortCalls,
        _ids("R-"),
        periods(min_value=_EARLY, max_value=_LATE, max_days=400),
        _sorted_days(1),
        st.integers(0, 10_000),
        st.integers(0, 100),
    )


@st.composite
def _excess(draw: st.DrawFn) -> ExcessAbsence:
    days = draw(_sorted_days(1))
    return ExcessAbsence(
        draw(_ids("R-")),
        draw(periods(min_value=_EARLY, max_value=_LATE, max_days=400)),
        days,
        draw(st.integers(0, len(days) - 1)),
    )


def excess_absences() -> st.SearchStrategy[ExcessAbsence]:
    """:class:`~salesmgmt.activities.ExcessAbsence` findings.

    >>> from hypothesis import find
    >>> find(excess_absences(), lambda v: True).excess
    1
    """
    return _excess()


def activity_counts() -> st.SearchStrategy[ActivityCounts]:
    """Valid :class:`~salesmgmt.activities.ActivityCounts`.

    >>> from hypothesis import find
    >>> find(activity_counts(), lambda c: True).calls
    0
    """
    counts = st.integers(0, 1000)
    return st.builds(
        ActivityCounts,
        counts,
        counts,
        counts,
        counts,
        counts,
        counts,
        counts,
        st.frozensets(_ids("O-"), max_size=3),
        st.frozensets(_ids("C-"), max_size=3),
    )


def activity_tallies(
    *, period: st.SearchStrategy[Period] | None = None, max_size: int = 20
) -> st.SearchStrategy[ActivityTally]:
    """Tallies of drawn activity logs (what :func:`tally_activities` returns).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(activity_tallies())
    ... def check(t):
    ...     assert list(t.reps) == sorted(t.reps)  # one entry per rep, by id
    >>> check()
    """
    if max_size < 0:
        raise InvalidArgument(f"max_size must be non-negative, got {max_size}")
    chosen = period if period is not None else periods(min_value=_EARLY, max_value=_LATE)

    @st.composite
    def build(draw: st.DrawFn) -> ActivityTally:
        span = draw(chosen)
        log = draw(
            st.lists(
                activities(min_value=span.start, max_value=span.end),
                max_size=max_size,
                unique_by=lambda a: a.activity_id,
            )
        )
        return tally_activities(log, span)

    return build()


def activity_summaries() -> st.SearchStrategy[ActivitySummary]:
    """Valid :class:`~salesmgmt.activities.ActivitySummary` values.

    >>> from hypothesis import find
    >>> find(activity_summaries(), lambda s: True).contact_rate is None
    True
    """
    counts = st.integers(0, 1000)
    ratios = st.decimals(min_value=0, max_value=1000, places=4)
    return st.builds(
        ActivitySummary,
        _ids("R-"),
        periods(min_value=_EARLY, max_value=_LATE),
        counts,
        counts,
        counts,
        st.none() | ratios,
        ratios,
        st.none() | st.decimals(min_value=0, max_value=1, places=4),
    )


# -- reviews ----------------------------------------------------------------------------------

_SCORES = st.decimals(min_value=0, max_value=2, places=2)
_WEIGHT_SETS = st.sampled_from([("1",), ("0.5", "0.5"), ("0.25", "0.25", "0.5"), ("0.2",) * 5])
_MONTHS = st.builds(Period.month, st.integers(2000, 2099), st.integers(1, 12))


def linears() -> st.SearchStrategy[Linear]:
    """:class:`~salesmgmt.reviews.Linear` curves (cap 1 to 3).

    >>> from hypothesis import find
    >>> find(linears(), lambda c: True).cap == 1
    True
    """
    return st.builds(Linear, st.decimals(min_value=1, max_value=3, places=2))


def gates() -> st.SearchStrategy[Gate]:
    """:class:`~salesmgmt.reviews.Gate` curves.

    >>> from hypothesis import find
    >>> find(gates(), lambda c: True).threshold == 0
    True
    """
    return st.builds(
        Gate,
        st.decimals(min_value=0, max_value=1, places=2),
        st.decimals(min_value=1, max_value=3, places=2),
    )


def step_tables() -> st.SearchStrategy[StepTable]:
    """:class:`~salesmgmt.reviews.StepTable` curves with 1 to 4 increasing steps.

    >>> from hypothesis import find
    >>> len(find(step_tables(), lambda c: True).steps)
    1
    """
    ratios = st.lists(
        st.decimals(min_value=0, max_value=3, places=2), min_size=1, max_size=4, unique=True
    )
    scores = st.lists(st.decimals(min_value=0, max_value=2, places=2), min_size=4, max_size=4)
    return st.builds(
        lambda rs, ss: StepTable(list(zip(sorted(rs), sorted(ss), strict=False))), ratios, scores
    )


def inverses() -> st.SearchStrategy[Inverse]:
    """:class:`~salesmgmt.reviews.Inverse` curves.

    >>> from hypothesis import find
    >>> find(inverses(), lambda c: True).tolerance == 1
    True
    """
    return st.builds(Inverse, st.decimals(min_value=1, max_value=100, places=2))


def curves() -> st.SearchStrategy[Curve]:
    """Any scoring curve.

    >>> from hypothesis import find
    >>> type(find(curves(), lambda c: True)).__name__
    'Linear'
    """
    return st.one_of(linears(), gates(), step_tables(), inverses())


_MEASURES = st.sampled_from(
    [phone_calls, existing_visits, customers_lost, plan_attainment, growth_rate, reply_rate]
)


@st.composite
def _kpis(draw: st.DrawFn, key: str, weight: str) -> KPI:
    curve = draw(curves())
    low = 0 if isinstance(curve, Inverse) else 1
    target = draw(st.integers(low, 500))
    return KPI(key, key.replace("_", " "), draw(_MEASURES), target, curve, weight)


def kpis(*, weight: str = "1") -> st.SearchStrategy[KPI]:
    """:class:`~salesmgmt.reviews.KPI` lines with a built-in measure.

    >>> from hypothesis import find
    >>> find(kpis(), lambda k: True).weight
    Decimal('1')
    """
    return _kpis("k0", weight)


@st.composite
def _scorecards(draw: st.DrawFn) -> Scorecard:
    weights = draw(_WEIGHT_SETS)
    return Scorecard([draw(_kpis(f"k{i}", w)) for i, w in enumerate(weights)])


def scorecards() -> st.SearchStrategy[Scorecard]:
    """Valid :class:`~salesmgmt.reviews.Scorecard` policies (1 to 5 lines), or the default.

    >>> from hypothesis import find
    >>> len(find(scorecards(), lambda s: True).kpis)  # shrinks to the default
    12
    """
    return st.just(Scorecard.default()) | _scorecards()


@st.composite
def _rep_facts(draw: st.DrawFn, rep_ids: st.SearchStrategy[str]) -> RepFacts:
    counts = st.integers(0, 500)
    money = st.integers(0, 10**6).map(lambda n: Money(n, "USD"))
    maybe = st.none() | money
    share = st.none() | st.decimals(min_value=0, max_value=1, places=2)
    return RepFacts(
        draw(rep_ids),
        draw(_MONTHS),
        draw(money),
        target=draw(maybe),
        team_median_bookings=draw(maybe),
        previous_bookings=draw(maybe),
        new_customers_developed=draw(counts),
        existing_visits=draw(counts),
        calls=draw(counts),
        won_deals=draw(counts),
        new_customers_added=draw(counts),
        customers_lost=draw(counts),
        violations=draw(counts),
        plan_completion=draw(share),
        reply_rate=draw(share),
        team_id=draw(st.none() | st.just("T-1")),
        efforts=draw(counts),
        new_opportunities=draw(counts),
    )


def rep_facts(*, rep_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[RepFacts]:
    """:class:`~salesmgmt.reviews.RepFacts` for a month, in USD.

    >>> from hypothesis import find
    >>> find(rep_facts(), lambda f: True).calls
    0
    """
    return _rep_facts(rep_ids if rep_ids is not None else _ids("R-"))


def reviews() -> st.SearchStrategy[Review]:
    """:class:`~salesmgmt.reviews.Review` values, as :func:`review` makes them.

    >>> from hypothesis import find
    >>> find(reviews(), lambda r: True).total >= 0
    True
    """
    return st.builds(
        lambda facts, card: review(facts.rep_id, facts.period, facts, card),
        rep_facts(),
        scorecards(),
    )


def review_lines() -> st.SearchStrategy[ReviewLine]:
    """:class:`~salesmgmt.reviews.ReviewLine` values.

    >>> from hypothesis import find
    >>> find(review_lines(), lambda r: True).score
    Decimal('0')
    """
    return reviews().filter(lambda r: bool(r.lines)).map(lambda r: r.lines[0])


def rankeds() -> st.SearchStrategy[Ranked]:
    """:class:`~salesmgmt.reviews.Ranked` values.

    >>> from hypothesis import find
    >>> find(rankeds(), lambda r: True).rank
    1
    """
    return st.builds(Ranked, _ids("R-"), _SCORES, st.integers(1, 100))


def ratings() -> st.SearchStrategy[Rating]:
    """:class:`~salesmgmt.reviews.Rating` values.

    >>> from hypothesis import find
    >>> find(ratings(), lambda r: True).band
    'S'
    """
    return st.builds(Rating, _ids("R-"), _SCORES, st.integers(1, 100), st.sampled_from("SABCD"))


def rating_scales() -> st.SearchStrategy[RatingScale]:
    """:class:`~salesmgmt.reviews.RatingScale` values: the default, or it with a
    forced distribution.

    >>> from hypothesis import find
    >>> find(rating_scales(), lambda r: True).forced is None
    True
    """
    return st.sampled_from(
        [RatingScale(), RatingScale(forced=("0.1", "0.2", "0.4", "0.2", "0.1"))]
    )


def consequence_policies() -> st.SearchStrategy[ConsequencePolicy]:
    """:class:`~salesmgmt.reviews.ConsequencePolicy` values in CNY.

    >>> from hypothesis import find
    >>> find(consequence_policies(), lambda p: True).fine_cap is None
    True
    """
    money = st.integers(0, 10_000).map(lambda n: Money(n, "CNY"))
    return st.builds(
        ConsequencePolicy,
        money,
        fine_per_short_day=st.none() | money,
        fine_per_call_short=st.none() | money,
        fine_per_absence=st.none() | money,
        fine_cap=st.none() | money,
    )


def rewards() -> st.SearchStrategy[Reward]:
    """:class:`~salesmgmt.reviews.Reward` lines.

    >>> from hypothesis import find
    >>> find(rewards(), lambda r: True).amount
    Money('1.00', 'CNY')
    """
    return st.builds(
        Reward,
        _ids("R-"),
        st.integers(1, 10**6).map(lambda n: Money(n, "CNY")),
        st.just("Rated S."),
    )


def penalties() -> st.SearchStrategy[Penalty]:
    """:class:`~salesmgmt.reviews.Penalty` lines.

    >>> from hypothesis import find
    >>> find(penalties(), lambda r: True).amount
    Money('1.00', 'CNY')
    """
    return st.builds(
        Penalty, _ids("R-"), st.integers(1, 10**6).map(lambda n: Money(n, "CNY")), st.just("Fine.")
    )


def extremes() -> st.SearchStrategy[Extreme]:
    """:class:`~salesmgmt.reviews.Extreme` values.

    >>> from hypothesis import find
    >>> find(extremes(), lambda e: True).key
    'total'
    """
    pairs = st.tuples(_SCORES, _SCORES).map(sorted)
    return st.builds(
        lambda key, best, worst, scores: Extreme(key, best, scores[1], worst, scores[0]),
        st.just("total"),
        _ids("R-"),
        _ids("R-"),
        pairs,
    )


def gap_parts() -> st.SearchStrategy[GapPart]:
    """:class:`~salesmgmt.reviews.GapPart` values.

    >>> from hypothesis import find
    >>> find(gap_parts(), lambda p: True).factor
    'effort'
    """
    return st.sampled_from(FUNNEL).flatmap(
        lambda factor: st.builds(
            GapPart,
            st.just(factor),
            st.just(CAUSES[factor]),
            _SCORES,
            _SCORES,
            st.integers(-(10**6), 10**6).map(lambda n: Money(n, "USD")),
        )
    )


def diagnosis() -> st.SearchStrategy[Diagnosis]:
    """:class:`~salesmgmt.reviews.Diagnosis` values from :func:`diagnose` on a
    two-rep team (the name is the harness' plural of ``Diagnosis``).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(diagnosis())
    ... def check(d):
    ...     gap = d.bookings - d.reference_bookings
    ...     assert sum((part.amount for part in d.parts), gap * 0) == gap  # parts sum exactly
    >>> check()
    """
    pair = st.tuples(rep_facts(rep_ids=st.just("R-1")), rep_facts(rep_ids=st.just("R-2")))
    return pair.map(
        lambda ab: diagnose(
            "R-1",
            ab[0].period,
            {
                "R-1": attrs.evolve(ab[0], team_id="T-1"),
                "R-2": attrs.evolve(ab[1], team_id="T-1", period=ab[0].period),
            },
        )
    )
