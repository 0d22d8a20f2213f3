"""Scoring curves, scorecards, reviews, ranks, ratings, consequences and extremes."""

from __future__ import annotations

import decimal
import itertools
import random
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import Money, PolicyError, ValidationError, WrongType
from salesmgmt.activities import AttendanceDay, DisciplinePolicy, discipline
from salesmgmt.records import from_records, to_records
from salesmgmt.reviews import (
    KPI,
    ConsequencePolicy,
    Gate,
    Inverse,
    Linear,
    Penalty,
    RatingScale,
    RepFacts,
    Review,
    Reward,
    Scorecard,
    StepTable,
    consequences,
    curve_max,
    phone_calls,
    rank,
    rate,
    review,
    score,
    team_extremes,
)
from salesmgmt.strategies._reviews import curves, rep_facts, scorecards
from test_activities import MARCH, WEEKDAYS, calls, march_log

D = Decimal
USD = "USD"
measures = st.decimals(min_value=-10, max_value=1000, places=3)
targets = st.integers(1, 500)
# Reviews of distinct reps: a handful of facts scored on one scorecard.
FEW = settings(max_examples=100)


def usd(amount: int | str) -> Money:
    return Money(amount, USD)


def facts_r1() -> RepFacts:
    return RepFacts(
        "R-1",
        MARCH,
        usd(90_000),
        target=usd(100_000),
        team_median_bookings=usd(60_000),
        previous_bookings=usd(75_000),
        new_customers_developed=3,
        existing_visits=25,
        calls=300,
        won_deals=5,
        new_customers_added=1,
        customers_lost=1,
        violations=2,
        plan_completion=D("0.9"),
        reply_rate=D("0.75"),
    )


class TestCurves:
    @pytest.mark.parametrize(
        ("curve", "measure", "target", "expected"),
        [
            (Linear(), 45, 60, "0.75"),  # 45 / 60
            (Linear(), 90, 60, "1"),  # capped at 1
            (Linear(cap="1.5"), 80, 60, "1.333333"),  # 80 / 60, 6 decimals half-even
            (Linear(), -5, 60, "0"),  # a shrinking measure scores 0
            (Gate(threshold="0.8"), 47, 60, "0"),  # 47 / 60 = 0.783 < 0.8
            (Gate(threshold="0.8"), 48, 60, "0.8"),  # 48 / 60 = 0.8 reaches the gate
            (StepTable([("0.5", "0.5"), (1, 1)]), 59, 60, "0.5"),
            (StepTable([("0.5", "0.5"), (1, 1)]), 29, 60, "0"),
            (Inverse(tolerance=3), 0, 0, "1"),
            (Inverse(tolerance=3), 1, 0, "0.666667"),  # 1 - 1/3
            (Inverse(tolerance=3), 3, 0, "0"),
            (Inverse(tolerance=10), 12, 5, "0.3"),  # 1 - (12 - 5) / 10
        ],
    )
    def test_table(self, curve: object, measure: int, target: int, expected: str) -> None:
        assert score(curve, measure, target) == D(expected)  # type: ignore[arg-type]

    @given(curves(), measures, targets)
    def test_score_is_within_zero_and_max(self, curve: object, m: Decimal, t: int) -> None:
        assert 0 <= score(curve, m, t) <= curve_max(curve)  # type: ignore[arg-type]

    @given(curves(), measures, measures, targets)
    def test_monotone_or_antitone(self, curve: object, a: Decimal, b: Decimal, t: int) -> None:
        low, high = sorted((a, b))
        s_low, s_high = score(curve, low, t), score(curve, high, t)  # type: ignore[arg-type]
        if isinstance(curve, Inverse):
            assert s_low >= s_high  # lower is better
        else:
            assert s_low <= s_high

    def test_ratio_curves_need_a_positive_target(self) -> None:
        with pytest.raises(PolicyError, match="positive target"):
            score(Linear(), 5, 0)
        with pytest.raises(PolicyError, match="KPI 'x'"):
            KPI("x", "X", phone_calls, 0, Linear(), 1)

    def test_step_tables_must_increase(self) -> None:
        with pytest.raises(PolicyError, match="increasing ratios"):
            StepTable([(1, 1), ("0.5", "0.5")])


class TestScorecard:
    def test_weights_must_sum_to_one(self) -> None:
        line = KPI("calls", "Calls", phone_calls, 400, Linear(), "0.5")
        with pytest.raises(PolicyError, match="sum to exactly 1"):
            Scorecard([line])
        assert Scorecard([line, attrs.evolve(line, key="calls2")]).kpis[1].key == "calls2"

    def test_keys_must_be_distinct(self) -> None:
        line = KPI("calls", "Calls", phone_calls, 400, Linear(), "0.5")
        with pytest.raises(PolicyError, match="distinct"):
            Scorecard([line, line])

    def test_default_template(self) -> None:
        card = Scorecard.default()
        assert [k.key for k in card.kpis] == [
            "plan_attainment",
            "relative_sales",
            "new_customers_developed",
            "existing_visits",
            "phone_calls",
            "weekly_orders",
            "growth_rate",
            "new_customers_added",
            "customers_lost",
            "discipline",
            "plan_completion",
            "reply_rate",
        ]
        assert sum(k.weight for k in card.kpis) == 1

    def test_a_failing_measure_is_a_policy_error(self) -> None:
        def broken(facts: RepFacts) -> Decimal:
            raise ZeroDivisionError

        card = Scorecard([KPI("x", "X", broken, 1, Linear(), 1)])
        with pytest.raises(PolicyError, match="KPI 'x'"):
            review("R-1", MARCH, facts_r1(), card)


class TestReviewWorkedExample:
    # One rep's full twelve-line scorecard on the default template (March 2025, 31 days).
    EXPECTED = (
        # key, measure, score, contribution
        ("plan_attainment", "0.9", "0.9", "0.18"),  # 90k / 100k; gate 0.5 passed; x 0.20
        ("relative_sales", "1.5", "1.5", "0.15"),  # 90k / 60k median; cap 1.5; x 0.10
        ("new_customers_developed", "3", "0.75", "0.075"),  # 3 / 4; x 0.10
        ("existing_visits", "25", "1", "0.08"),  # 25 / 20 capped at 1; x 0.08
        ("phone_calls", "300", "0.75", "0.06"),  # 300 / 400; x 0.08
        # 5 won x 7 / 31 = 1.129 a week; / 2 = 0.56 -> step 0.5; x 0.06
        ("weekly_orders", None, "0.5", "0.03"),
        ("growth_rate", "0.2", "2", "0.16"),  # 90k / 75k - 1 = 0.2; / 0.10 = 2 (cap 2); x 0.08
        ("new_customers_added", "1", "0.5", "0.03"),  # 1 / 2; x 0.06
        ("customers_lost", "1", "0.666667", "0.04000002"),  # 1 - 1/3; x 0.06
        ("discipline", "2", "0.333333", "0.01999998"),  # 1 - 2/3; x 0.06
        ("plan_completion", "0.9", "0.9", "0.054"),  # x 0.06
        ("reply_rate", "0.75", "0", "0"),  # below the 0.8 gate
    )

    def test_twelve_lines(self) -> None:
        r = review("R-1", MARCH, facts_r1(), Scorecard.default())
        got = [(line.key, line.score, line.contribution) for line in r.lines]
        assert got == [(k, D(s), D(c)) for k, _, s, c in self.EXPECTED]
        for line, (_, measure, _, _) in zip(r.lines, self.EXPECTED, strict=True):
            if measure is not None:
                assert line.measure == D(measure)
        # 0.18 + 0.15 + 0.075 + 0.08 + 0.06 + 0.03 + 0.16 + 0.03 + 0.04000002 + 0.01999998
        # + 0.054 + 0 = 0.879: band A (0.85 <= total < 1.0).
        assert r.total == D("0.879")
        assert rate([r])[0].band == "A"

    def test_facts_must_match_rep_and_period(self) -> None:
        with pytest.raises(ValidationError, match="facts of rep 'R-2'"):
            review("R-2", MARCH, facts_r1(), Scorecard.default())
        with pytest.raises(WrongType, match="'data'"):
            review("R-1", MARCH, None, Scorecard.default())  # type: ignore[arg-type]


class TestReviewInvariants:
    @given(rep_facts(), scorecards())
    def test_total_is_the_sum_of_contributions(self, facts: RepFacts, card: Scorecard) -> None:
        r = review(facts.rep_id, facts.period, facts, card)
        assert r.total == sum((line.contribution for line in r.lines), D(0))
        for line in r.lines:
            assert line.contribution == line.score * line.weight
            kpi = next(k for k in card.kpis if k.key == line.key)
            assert 0 <= line.score <= curve_max(kpi.curve)

    @given(rep_facts(), scorecards(), st.integers(0, 200))
    def test_more_calls_never_score_less(
        self, facts: RepFacts, card: Scorecard, more: int
    ) -> None:
        better = attrs.evolve(facts, calls=facts.calls + more)
        worse_lost = attrs.evolve(facts, customers_lost=facts.customers_lost + more)
        base = review(facts.rep_id, facts.period, facts, card)
        for changed, key in ((better, "phone_calls"), (worse_lost, "customers_lost")):
            other = review(facts.rep_id, facts.period, changed, card)
            for before, after in zip(base.lines, other.lines, strict=True):
                kpi = next(k for k in card.kpis if k.key == before.key)
                if kpi.measure.__name__ != key:
                    continue
                if isinstance(kpi.curve, Inverse):
                    assert after.score <= before.score
                else:
                    assert after.score >= before.score

    @FEW
    @given(st.lists(rep_facts(), min_size=1, max_size=6, unique_by=lambda f: f.rep_id))
    def test_equal_data_equal_scores_and_ranks(self, many: list[RepFacts]) -> None:
        card = Scorecard.default()
        twin = attrs.evolve(many[0], rep_id="TWIN")
        rs = [review(f.rep_id, f.period, f, card) for f in [*many, twin]]
        ranks = {r.rep_id: r for r in rank(rs)}
        assert ranks["TWIN"].total == ranks[many[0].rep_id].total
        assert ranks["TWIN"].rank == ranks[many[0].rep_id].rank

    def test_records_round_trip(self) -> None:
        facts = [facts_r1()]
        assert from_records(RepFacts, to_records(facts)) == facts
        reviews_ = [review("R-1", MARCH, facts[0], Scorecard.default())]
        assert from_records(Review, to_records(reviews_)) == reviews_


CARD = Scorecard.default()


def _review_of(rep: int, calls: int, lost: int) -> Review:
    facts = attrs.evolve(facts_r1(), rep_id=f"R-{rep}", calls=calls, customers_lost=lost)
    return review(facts.rep_id, MARCH, facts, CARD)


def distinct_reviews() -> st.SearchStrategy[list[Review]]:
    """Reviews of distinct reps on the default card; few distinct values, so ties happen."""
    rows = st.tuples(st.integers(0, 20), st.sampled_from([0, 200, 400]), st.integers(0, 3))
    return st.lists(rows, max_size=8, unique_by=lambda r: r[0]).map(
        lambda rows: [_review_of(*row) for row in rows]
    )


class TestRankAndRate:
    @pytest.mark.parametrize(
        ("totals", "expected"),
        [
            # Competition ranking: the tie at 0.8 shares rank 2, the next is 4.
            ({"A": "0.9", "B": "0.8", "C": "0.8", "D": "0.7"}, [1, 2, 2, 4]),
            ({"A": "0.5", "B": "0.5"}, [1, 1]),
            ({}, []),
        ],
    )
    def test_ties(self, totals: dict[str, str], expected: list[int]) -> None:
        rs = [
            review(k, MARCH, attrs.evolve(facts_r1(), rep_id=k), card(v))
            for k, v in totals.items()
        ]
        assert [r.rank for r in rank(rs)] == expected

    @FEW
    @given(distinct_reviews(), st.randoms())
    def test_order_does_not_matter(self, rs: list[Review], rng: random.Random) -> None:
        forced = RatingScale(forced=("0.1", "0.2", "0.4", "0.2", "0.1"))
        expected = rank(rs), rate(rs), rate(rs, forced), team_extremes(rs)
        rng.shuffle(rs)
        assert (rank(rs), rate(rs), rate(rs, forced), team_extremes(rs)) == expected

    @FEW
    @given(distinct_reviews())
    def test_ranks_follow_totals(self, rs: list[Review]) -> None:
        ranked = rank(rs)
        for a, b in itertools.pairwise(ranked):
            assert a.total >= b.total
            assert (a.rank == b.rank) == (a.total == b.total)

    @FEW
    @given(distinct_reviews())
    def test_forced_distribution_keeps_ties_together(self, rs: list[Review]) -> None:
        ratings = rate(rs, RatingScale(forced=("0.2", "0.2", "0.2", "0.2", "0.2")))
        band_of_rank: dict[int, str] = {}
        for r in ratings:
            assert band_of_rank.setdefault(r.rank, r.band) == r.band

    def test_forced_distribution_sizes(self) -> None:
        # 10 reps, shares 10/20/40/20/10 %: 1 S, 2 A, 4 B, 2 C, 1 D.
        rs = [
            review(
                f"R-{i}",
                MARCH,
                attrs.evolve(facts_r1(), rep_id=f"R-{i}", calls=i * 40),
                Scorecard.default(),
            )
            for i in range(10)
        ]
        bands = [r.band for r in rate(rs, RatingScale(forced=("0.1", "0.2", "0.4", "0.2", "0.1")))]
        assert bands == ["S", "A", "A", "B", "B", "B", "B", "C", "C", "D"]

    def test_duplicate_reps_are_refused(self) -> None:
        r = review("R-1", MARCH, facts_r1(), Scorecard.default())
        with pytest.raises(ValidationError, match="one review per rep"):
            rank([r, r])


def card(total: str) -> Scorecard:
    """A one-line scorecard on which facts_r1() scores ``total`` (calls / 400)."""
    calls_needed = int(D(total) * 400)
    return Scorecard([KPI("calls", "Calls", lambda f: D(calls_needed), 400, Linear(), 1)])


class TestConsequences:
    def test_march_fines(self) -> None:
        # The month of call logs from test_activities: R-1 short on 12 and 25 March
        # (5 + 2 = 7 calls), R-2 absent without leave on 7 March.
        log, sheet = march_log()
        found = discipline(log, sheet, MARCH, DisciplinePolicy(calls_per_day=20))
        policy = ConsequencePolicy(
            Money(1000, "CNY"),
            fine_per_short_day=Money(50, "CNY"),
            fine_per_call_short=Money(5, "CNY"),
            fine_per_absence=Money(200, "CNY"),
        )
        lines = consequences([], found, policy)
        # 2 days x 50 + 7 calls x 5 = 135.00 CNY; R-2: 1 absence x 200 = 200.00 CNY.
        assert [(type(x).__name__, x.rep_id, x.amount) for x in lines] == [
            ("Penalty", "R-1", Money(135, "CNY")),
            ("Penalty", "R-2", Money(200, "CNY")),
        ]
        assert "2 short day(s) x 50.00 CNY + 7 missing call(s) x 5.00 CNY" in lines[0].reason
        capped = consequences([], found, attrs.evolve(policy, fine_cap=Money(100, "CNY")))
        assert [x.amount for x in capped] == [Money(100, "CNY")] * 2
        assert "capped at 100.00 CNY" in capped[0].reason

    def test_rewards_by_band(self) -> None:
        r = review("R-1", MARCH, facts_r1(), Scorecard.default())  # total 0.879: band A
        lines = consequences(rate([r]), [], ConsequencePolicy(Money("999.99", "CNY")))
        # 999.99 x 1.2 = 1199.988 -> 1199.99 (half up).
        assert lines == (Reward("R-1", Money("1199.99", "CNY"), lines[0].reason),)

    @given(st.integers(0, 20), st.integers(0, 20))
    def test_fines_monotone_in_missed_calls(self, made: int, fewer: int) -> None:
        day = WEEKDAYS[0]
        sheet = [AttendanceDay("R-1", day)]
        policy = ConsequencePolicy(
            Money(0, "CNY"),
            fine_per_short_day=Money(10, "CNY"),
            fine_per_call_short=Money(1, "CNY"),
        )

        def fine(n: int) -> Money:
            lines = consequences([], discipline(calls("R-1", day, n), sheet, MARCH), policy)
            return sum((x.amount for x in lines if isinstance(x, Penalty)), Money(0, "CNY"))

        assert fine(max(made - fewer, 0)) >= fine(made)


class TestTeamExtremes:
    def test_longest_and_shortest_board(self) -> None:
        card_ = Scorecard.default()
        rs = [
            review(rep, MARCH, attrs.evolve(facts_r1(), rep_id=rep, calls=n), card_)
            for rep, n in [("A", 400), ("B", 100), ("C", 400)]
        ]
        by_key = {e.key: e for e in team_extremes(rs)}
        # A and C tie at 1 on calls: the smaller id is named; B is the shortest board.
        assert (by_key["phone_calls"].best_rep_id, by_key["phone_calls"].worst_rep_id) == (
            "A",
            "B",
        )
        assert by_key["total"].worst_rep_id == "B"
        assert team_extremes([]) == ()

    @FEW
    @given(distinct_reviews())
    def test_extremes_bound_every_score(self, rs: list[Review]) -> None:
        for e in team_extremes(rs):
            scores = [line.score for r in rs for line in r.lines if line.key == e.key] or [
                r.total for r in rs
            ]
            assert e.best_score == max(scores)
            assert e.worst_score == min(scores)


def hostile_context() -> decimal.Context:
    """A caller's context that rounds to 3 digits, floors, and traps any rounding."""
    return decimal.Context(
        prec=3, rounding=decimal.ROUND_FLOOR, traps=[decimal.Inexact, decimal.Rounded]
    )


class TestCallerContext:
    # Results never depend on the caller's decimal context (DESIGN, principle 3). Unary
    # minus on a Decimal rounds in the current context, so a sort key like ``-total``
    # reordered (or, with Inexact trapped, crashed) rank, rate and team_extremes.
    @FEW
    @given(distinct_reviews())
    def test_rank_rate_and_extremes(self, rs: list[Review]) -> None:
        forced = RatingScale(forced=("0.1", "0.2", "0.4", "0.2", "0.1"))
        policy = ConsequencePolicy(Money("999.99", "CNY"))
        expected = rank(rs), rate(rs), rate(rs, forced), team_extremes(rs)
        lines = consequences(rate(rs), [], policy)
        with decimal.localcontext(hostile_context()):
            got = rank(rs), rate(rs), rate(rs, forced), team_extremes(rs)
            got_lines = consequences(rate(rs), [], policy)
        assert got == expected
        assert got_lines == lines

    def test_totals_that_differ_in_the_eighth_digit(self) -> None:
        # 0.04001 > 0.040002 > 0.040001: at 3 digits all three would be 0.0400.
        rs = [
            review(k, MARCH, attrs.evolve(facts_r1(), rep_id=k), one_line(t))
            for k, t in (("A", "0.040002"), ("B", "0.040001"), ("C", "0.04001"))
        ]
        with decimal.localcontext(hostile_context()):
            ranked = rank(rs)
            extremes = {e.key: e for e in team_extremes(rs)}
        assert [(r.rep_id, r.rank) for r in ranked] == [("C", 1), ("A", 2), ("B", 3)]
        assert (extremes["total"].best_rep_id, extremes["total"].worst_rep_id) == ("C", "B")

    @given(rep_facts(), scorecards())
    def test_review(self, facts: RepFacts, card: Scorecard) -> None:
        expected = review(facts.rep_id, facts.period, facts, card)
        with decimal.localcontext(hostile_context()):
            got = review(facts.rep_id, facts.period, facts, card)
        assert got == expected


def one_line(total: str) -> Scorecard:
    """A one-line scorecard whose only line scores ``total`` (weight 1)."""
    return Scorecard([KPI("k", "K", lambda f: D(total), 1, Linear(cap=2), 1)])


class TestExtremeValues:
    def test_best_is_at_least_worst(self) -> None:
        from salesmgmt.reviews import Extreme

        with pytest.raises(ValidationError, match="Extreme: 'worst_score' must be at most"):
            Extreme("total", "A", D("0.2"), "B", D("0.9"))
        with pytest.raises(WrongType, match="Extreme: 'best_score'"):
            Extreme("total", "A", 0.9, "B", D("0.2"))  # type: ignore[arg-type] # float


HIGHER_IS_BETTER = (
    "new_customers_developed",
    "existing_visits",
    "calls",
    "won_deals",
    "new_customers_added",
)
LOWER_IS_BETTER = ("customers_lost", "violations")


class TestDefaultTemplateMonotone:
    # Every line of the default template is monotone in the facts it reads: more
    # bookings, calls, visits, orders or new customers never score less; more lost
    # customers or violations never score more. (The curve-level property is in
    # TestCurves; this checks each measure is wired the right way round.)
    @given(
        rep_facts(),
        st.sampled_from(HIGHER_IS_BETTER + LOWER_IS_BETTER + ("bookings",)),
        st.integers(1, 500),
    )
    def test_each_fact(self, facts: RepFacts, field: str, more: int) -> None:
        if field == "bookings":
            changed = attrs.evolve(facts, bookings=facts.bookings + usd(more))
        else:
            changed = attrs.evolve(facts, **{field: getattr(facts, field) + more})
        before = review(facts.rep_id, facts.period, facts, CARD)
        after = review(facts.rep_id, facts.period, changed, CARD)
        for old, new in zip(before.lines, after.lines, strict=True):
            if field in LOWER_IS_BETTER:
                assert new.score <= old.score, old.key
            else:
                assert new.score >= old.score, old.key
        if field in LOWER_IS_BETTER:
            assert after.total <= before.total
        else:
            assert after.total >= before.total
