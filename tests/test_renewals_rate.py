"""Renewal rate for contracts due in a period (``salesmgmt.renewals._renewal_rate``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, UnknownReference, ValidationError
from salesmgmt.records import from_records, to_records
from salesmgmt.renewals import (
    Churned,
    Downgraded,
    RenewalOutcome,
    RenewalRate,
    Renewed,
    Subscription,
    Upgraded,
    merge_renewal_rates,
    renewal_rate,
)
from salesmgmt.strategies._renewals import renewal_rates

D = Decimal
d = dt.date
MARCH = Period.month(2025, 3)
LOW, HIGH = d(2025, 1, 1), d(2025, 6, 30)


def usd(x: int | str) -> Money:
    return Money(x, "USD")


def due(sid: str, mrr: int, end: dt.date, **kw: object) -> Subscription:
    return Subscription(sid, "A-" + sid, usd(mrr), end - dt.timedelta(days=364), end, **kw)  # type: ignore[arg-type]


# The hand-checked book: six contracts due in March 2025, one due in April, one open.
BOOK = [
    due("S-1", 100, d(2025, 3, 31)),  # renewed early (Feb 20) at 120
    due("S-2", 50, d(2025, 3, 9)),  # churned Mar 1
    due("S-3", 80, d(2025, 3, 19)),  # no decision: in grace until Apr 18, then lost
    due("S-4", 40, d(2025, 3, 15), auto_renew=True),  # auto-renews after Mar 15
    due("S-5", 60, d(2025, 3, 10), cancelled_on=d(2025, 2, 1)),  # gave notice
    due("S-6", 30, d(2025, 3, 5)),  # downgraded late (Mar 25, within 30 days) to 20
    due("S-7", 70, d(2025, 4, 30)),  # due in April: never in March's rate
    Subscription("S-8", "A-8", usd(90), d(2024, 1, 1)),  # open ended: never due
]
OUTCOMES: list[RenewalOutcome] = [
    Renewed("S-1", d(2025, 2, 20), usd(120)),
    Churned("S-2", d(2025, 3, 1)),
    Downgraded("S-6", d(2025, 3, 25), usd(20)),
    Upgraded("S-7", d(2025, 4, 2), usd(80)),
]


class TestWorkedBook:
    @pytest.mark.parametrize(
        ("as_of", "renewed", "lost", "pending", "by_count", "by_value"),
        [
            # Apr 5: S-3 in grace. renewed S-1, S-4, S-6 = 100 + 40 + 30 = 170;
            # lost S-2, S-5 = 50 + 60 = 110; by count 3/5, by value 170/280
            (d(2025, 4, 5), "S-1 S-4 S-6", "S-2 S-5", "S-3", D("0.6"), D(170) / D(280)),
            # Apr 19: S-3's grace (Mar 19 + 30 = Apr 18) has passed -> lost:
            # 3/6 by count, 170/360 by value
            (d(2025, 4, 19), "S-1 S-4 S-6", "S-2 S-3 S-5", "", D("0.5"), D(170) / D(360)),
            # Mar 1: S-1 renewed early, S-2 churned that day, S-5 gave notice; the rest
            # are not yet at their end date -> pending
            (d(2025, 3, 1), "S-1", "S-2 S-5", "S-3 S-4 S-6", D(1) / D(3), D(100) / D(210)),
        ],
    )
    def test_statuses_and_rates(
        self,
        as_of: dt.date,
        renewed: str,
        lost: str,
        pending: str,
        by_count: Decimal,
        by_value: Decimal,
    ) -> None:
        r = renewal_rate(BOOK, OUTCOMES, MARCH, as_of=as_of)
        assert r.renewed_ids == tuple(renewed.split())
        assert r.lost_ids == tuple(lost.split())
        assert r.pending_ids == tuple(pending.split())
        assert r.by_count is not None
        assert abs(r.by_count - by_count) < D("1e-27")
        assert r.by_value is not None
        assert abs(r.by_value - by_value) < D("1e-27")

    def test_renewed_new_mrr_shows_the_price_change(self) -> None:
        r = renewal_rate(BOOK, OUTCOMES, MARCH, as_of=d(2025, 4, 5))
        # S-1 120 (was 100), S-4 40 (auto-renewed unchanged), S-6 20 (was 30)
        assert (r.renewed_mrr, r.renewed_new_mrr) == (usd(170), usd(180))

    def test_late_renewal_after_grace_does_not_count(self) -> None:
        late = [Renewed("S-3", d(2025, 4, 25), usd(80))]  # Mar 19 + 37 days
        r = renewal_rate(BOOK, late, MARCH, as_of=d(2025, 5, 1))
        assert "S-3" in r.lost_ids
        r = renewal_rate(BOOK, late, MARCH, as_of=d(2025, 5, 1), grace_days=40)
        assert "S-3" in r.renewed_ids

    def test_early_days_limits_how_early_a_decision_counts(self) -> None:
        r = renewal_rate(BOOK, OUTCOMES, MARCH, as_of=d(2025, 4, 5), early_days=30)
        assert "S-1" in r.pending_ids  # renewed 39 days before its end: not counted

    def test_a_later_decision_wins(self) -> None:
        outcomes = [Churned("S-3", d(2025, 3, 1)), Renewed("S-3", d(2025, 3, 20), usd(80))]
        assert "S-3" in renewal_rate(BOOK, outcomes, MARCH, as_of=d(2025, 4, 1)).renewed_ids

    def test_sentence(self) -> None:
        r = renewal_rate(BOOK, OUTCOMES, MARCH, as_of=d(2025, 4, 19))
        assert r.sentence.startswith("Of 6 subscriptions due in 2025-03, 3 renewed, 3 lost")
        assert "50.0 % by count" in r.sentence

    def test_nothing_due_is_none(self) -> None:
        r = renewal_rate(BOOK, [], Period.month(2025, 8), as_of=d(2025, 12, 1))
        assert (r.due, r.by_count, r.by_value) == (0, None, None)


class TestErrors:
    def test_unknown_subscription(self) -> None:
        with pytest.raises(UnknownReference, match=r"'outcomes\[0\].subscription_id'"):
            renewal_rate(BOOK, [Churned("S-99", d(2025, 3, 1))], MARCH, as_of=d(2025, 4, 1))

    def test_two_decisions_on_one_day(self) -> None:
        both = [Churned("S-3", d(2025, 3, 1)), Renewed("S-3", d(2025, 3, 1), usd(80))]
        with pytest.raises(ValidationError, match="one decision per subscription and day"):
            renewal_rate(BOOK, both, MARCH, as_of=d(2025, 4, 1))

    def test_currency_of_the_new_mrr(self) -> None:
        with pytest.raises(CurrencyMismatch, match="Renewed 'S-3'"):
            renewal_rate(
                BOOK, [Renewed("S-3", d(2025, 3, 1), Money(1, "EUR"))], MARCH, as_of=d(2025, 4, 1)
            )

    @pytest.mark.parametrize("grace", [-1, 1.5, None, 10**9])
    def test_bad_grace(self, grace: object) -> None:
        with pytest.raises(ValidationError, match="'grace_days'"):
            renewal_rate(BOOK, [], MARCH, as_of=d(2025, 4, 1), grace_days=grace)  # type: ignore[arg-type]

    def test_result_checks_ids(self) -> None:
        with pytest.raises(ValidationError, match="'renewed_ids' must be a sorted tuple"):
            RenewalRate(MARCH, d(2025, 4, 1), *[usd(0)] * 4, renewed_ids=("b", "a"))
        with pytest.raises(ValidationError, match="'lost_ids' must be ids not listed"):
            RenewalRate(MARCH, d(2025, 4, 1), *[usd(0)] * 4, renewed_ids=("a",), lost_ids=("a",))


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[Subscription], list[RenewalOutcome]]:
    n = draw(st.integers(0, 8))
    subs = []
    for i in range(n):
        end = LOW + dt.timedelta(days=draw(st.integers(0, (HIGH - LOW).days)))
        subs.append(
            Subscription(
                f"S-{i}",
                f"A-{i % 3}",
                Money.from_minor_units(draw(st.sampled_from([0, 100, 2500])), "USD"),
                end - dt.timedelta(days=draw(st.integers(0, 400))),
                end if draw(st.booleans()) or i == 0 else None,
                auto_renew=draw(st.booleans()),
            )
        )
    outcomes: list[RenewalOutcome] = []
    if subs:
        for _ in range(draw(st.integers(0, 8))):
            sid = f"S-{draw(st.integers(0, n - 1))}"
            on = LOW + dt.timedelta(days=draw(st.integers(-60, (HIGH - LOW).days + 60)))
            kind = draw(st.sampled_from([Renewed, Churned, Downgraded, Upgraded]))
            outcomes.append(Churned(sid, on) if kind is Churned else kind(sid, on, usd(10)))
    # at most one decision per subscription and day
    unique = {(o.subscription_id, o.on): o for o in outcomes}
    return subs, list(unique.values())


cases = _cases()
periods = st.sampled_from(Period(LOW, HIGH).split("month"))
days = st.dates(min_value=LOW, max_value=d(2025, 9, 30))


class TestProperties:
    @given(cases, periods, days, st.integers(0, 60))
    def test_rates_in_unit_interval_or_none(
        self, case: tuple[list[Subscription], list[RenewalOutcome]], p: Period, as_of: dt.date,
        grace: int,
    ) -> None:  # fmt: skip
        r = renewal_rate(*case, p, as_of=as_of, grace_days=grace, currency="USD")
        decided = len(r.renewed_ids) + len(r.lost_ids)
        assert (r.by_count is None) == (decided == 0)
        for rate in (r.by_count, r.by_value):
            assert rate is None or 0 <= rate <= 1
        assert r.due == sum(1 for s in case[0] if s.ends_on is not None and p.contains(s.ends_on))

    @settings(max_examples=100)  # each example builds and scans a whole book: expensive
    @given(cases.flatmap(lambda c: st.tuples(st.permutations(c[0]), st.permutations(c[1]))),
           periods, days)  # fmt: skip
    def test_order_does_not_matter(
        self, case: tuple[list[Subscription], list[RenewalOutcome]], p: Period, as_of: dt.date
    ) -> None:
        subs, outcomes = case
        a = renewal_rate(subs, outcomes, p, as_of=as_of, currency="USD")
        b = renewal_rate(subs[::-1], outcomes[::-1], p, as_of=as_of, currency="USD")
        assert a == b

    @settings(max_examples=100)  # each example builds and scans a whole book: expensive
    @given(cases, periods, days, st.integers(0, 10), st.sampled_from([Renewed, Churned]))
    def test_a_new_outcome_never_changes_closed_periods(
        self,
        case: tuple[list[Subscription], list[RenewalOutcome]],
        p: Period,
        as_of: dt.date,
        offset: int,
        kind: type,
    ) -> None:
        subs, outcomes = case
        if not subs:
            return
        grace = 30
        on = p.end + dt.timedelta(days=grace + 1 + offset)  # after the period's window closed
        extra = Churned(subs[0].subscription_id, on)
        if kind is Renewed:
            extra = Renewed(subs[0].subscription_id, on, usd(5))  # type: ignore[assignment]
        outcomes = [
            o for o in outcomes if (o.subscription_id, o.on) != (extra.subscription_id, on)
        ]
        before = renewal_rate(subs, outcomes, p, as_of=as_of, currency="USD")
        after = renewal_rate(subs, [*outcomes, extra], p, as_of=as_of, currency="USD")
        assert before == after

    @settings(max_examples=100)  # each example builds and scans a whole book: expensive
    @given(cases, periods, days)
    def test_merges_across_disjoint_books(
        self, case: tuple[list[Subscription], list[RenewalOutcome]], p: Period, as_of: dt.date
    ) -> None:
        subs, outcomes = case
        left = [s for s in subs if s.account_id == "A-0"]
        right = [s for s in subs if s.account_id != "A-0"]
        ids = {s.subscription_id for s in left}
        merged = merge_renewal_rates(
            renewal_rate(left, [o for o in outcomes if o.subscription_id in ids], p,
                         as_of=as_of, currency="USD"),
            renewal_rate(right, [o for o in outcomes if o.subscription_id not in ids], p,
                         as_of=as_of, currency="USD"),
        )  # fmt: skip
        assert merged == renewal_rate(subs, outcomes, p, as_of=as_of, currency="USD")

    @settings(max_examples=40)  # cattrs round trips: expensive
    @given(st.lists(renewal_rates(), min_size=1, max_size=3))
    def test_records_round_trip(self, rates: list[RenewalRate]) -> None:
        assert list(from_records(RenewalRate, to_records(rates))) == rates

    def test_merge_refuses_overlap(self) -> None:
        r = renewal_rate(BOOK, OUTCOMES, MARCH, as_of=d(2025, 4, 5))
        with pytest.raises(ValidationError, match="disjoint"):
            merge_renewal_rates(r, r)
        with pytest.raises(ValidationError, match=r"'second\.as_of'"):
            merge_renewal_rates(r, attrs.evolve(r, as_of=d(2025, 4, 6)))


class TestOutcomeRecords:
    @pytest.mark.parametrize(
        "outcome",
        [
            Renewed("S-1", d(2025, 3, 1), usd(10)),
            Churned("S-1", d(2025, 3, 1)),
            Downgraded("S-1", d(2025, 3, 1), usd(5)),
            Upgraded("S-1", d(2025, 3, 1), usd(15)),
        ],
    )
    def test_round_trip(self, outcome: RenewalOutcome) -> None:
        assert list(from_records(type(outcome), to_records([outcome]))) == [outcome]

    def test_matching_outcomes(self) -> None:
        # STYLE rule 4: outcomes are consumed with match
        def verdict(outcome: RenewalOutcome) -> str:
            match outcome:
                case Churned(sid, on):
                    return f"{sid} lost on {on}"
                case Renewed(sid, _, new) | Upgraded(sid, _, new) | Downgraded(sid, _, new):
                    return f"{sid} kept at {new}"
            return "unreachable"

        assert verdict(OUTCOMES[1]) == "S-2 lost on 2025-03-01"
        assert verdict(OUTCOMES[2]) == "S-6 kept at 20.00 USD"
