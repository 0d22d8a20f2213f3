"""Gap diagnosis over the funnel (``diagnose``) and fact collection (``collect_facts``)."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, UnknownReference, ValidationError
from salesmgmt.activities import Activity, AttendanceDay
from salesmgmt.org import Rep
from salesmgmt.pipeline import Opportunity, StageModel
from salesmgmt.reviews import (
    CAUSES,
    FUNNEL,
    GapPart,
    RepFacts,
    collect_facts,
    diagnose,
    diagnose_all,
    funnel,
)
from salesmgmt.strategies._reviews import rep_facts

D = Decimal
MARCH = Period.month(2025, 3)
MODEL = StageModel.default()


def usd(amount: int | str) -> Money:
    return Money(amount, "USD")


def rep(
    rep_id: str,
    bookings: int,
    efforts: int,
    opportunities: int,
    won: int,
    target: int | str | None = None,
) -> RepFacts:
    return RepFacts(
        rep_id,
        MARCH,
        usd(bookings),
        team_id="T-1",
        efforts=efforts,
        new_opportunities=opportunities,
        won_deals=won,
        target=None if target is None else usd(target),
    )


team_facts = st.lists(
    rep_facts(rep_ids=st.sampled_from([f"R-{i}" for i in range(6)])).map(
        lambda f: attrs.evolve(f, period=MARCH, team_id="T-1")
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda f: f.rep_id,
)


class TestDiagnoseWorkedExample:
    # Two reps, bookings = efforts x (opportunities / efforts) x win rate x deal size.
    # A: 150 x 30/150 x 6/30 x 1500 = 9000; B: 150 x 40/150 x 10/40 x 1000 = 10000.
    # L(9000, 10000) = 1000 / ln(10000/9000) = 9491.2216 (see test_reviews_gap).
    # prospecting: 9491.2216 x ln(0.75) = -2730.454 -> -2730.45
    # win rate:    9491.2216 x ln(0.8)  = -2117.905 -> -2117.90
    # deal size:   9491.2216 x ln(1.5)  = +3848.359 -> +3848.36
    # The rounded parts sum to -999.99; the missing cent goes to the largest part
    # (deal size: 3848.35), so the parts add up to the gap -1000.00 exactly.
    def test_against_a_benchmark_rep(self) -> None:
        data = {"A": rep("A", 9000, 150, 30, 6), "B": rep("B", 10000, 150, 40, 10)}
        d = diagnose("A", MARCH, data, benchmark="B")
        assert [(p.factor, p.amount) for p in d.parts] == [
            ("effort", usd(0)),
            ("prospecting", usd("-2730.45")),
            ("win_rate", usd("-2117.90")),
            ("deal_size", usd("3848.35")),
        ]
        assert d.gap == usd(-1000)
        assert d.dominant == "prospecting"
        assert "too few new customers" in d.sentence
        assert d.sentence.startswith("Rep 'A' is 1000.00 USD behind the B in 2025-03")

    def test_a_rep_ahead_is_told_what_put_them_ahead(self) -> None:
        # The same two reps seen from B: the gap is +1000.00 and the parts flip
        # sign (+2730.45 prospecting is the largest), so the sentence names a
        # strength, not a shortfall.
        data = {"A": rep("A", 9000, 150, 30, 6), "B": rep("B", 10000, 150, 40, 10)}
        d = diagnose("B", MARCH, data, benchmark="A")
        assert d.gap == usd(1000)
        assert d.dominant == "prospecting"
        assert d.sentence.startswith("Rep 'B' is 1000.00 USD ahead of the A in 2025-03;")
        assert "the main reason is more new customers" in d.sentence
        assert "too few" not in d.sentence

    def test_team_median_and_best(self) -> None:
        data = {
            "A": rep("A", 9000, 150, 30, 6),
            "B": rep("B", 10000, 150, 40, 10),
            "C": rep("C", 12000, 300, 40, 10),
        }
        best = diagnose("A", MARCH, data, benchmark="team_best")
        assert best.reference_bookings == usd(12000)
        median = diagnose("A", MARCH, data, benchmark="team_median")
        # Medians: effort (150, 150, 300) -> 150; prospecting (0.2, 0.267, 0.133) -> 0.2;
        # win rate (0.2, 0.25, 0.25) -> 0.25; size (1500, 1000, 1200) -> 1200.
        # 150 x 0.2 x 0.25 x 1200 = 9000 = A's bookings: no gap, but A wins less
        # (0.2 vs 0.25) and sells bigger (1500 vs 1200); the parts cancel exactly.
        assert median.reference_bookings == usd(9000)
        parts = {p.factor: p.amount for p in median.parts}
        assert parts["win_rate"] < usd(0) < parts["deal_size"]
        assert parts["effort"] == parts["prospecting"] == usd(0)
        assert sum((p.amount for p in median.parts), usd(0)) == median.gap

    def test_zero_factors(self) -> None:
        # A rep who sold nothing: no won deals, so win rate and deal size are 0.
        data = {"A": rep("A", 0, 100, 10, 0), "B": rep("B", 5000, 100, 10, 5)}
        d = diagnose("A", MARCH, data, benchmark="B")
        # Win rate and deal size both went to 0: they share the -5000 equally.
        assert {p.factor: p.amount for p in d.parts} == {
            "effort": usd(0),
            "prospecting": usd(0),
            "win_rate": usd(-2500),
            "deal_size": usd(-2500),
        }
        assert d.dominant in ("win_rate", "deal_size")

    def test_funnel_zero_rule(self) -> None:
        # 2 won deals, no opportunities or efforts logged: raised to 2 and 2.
        f = funnel(RepFacts("A", MARCH, usd(600), won_deals=2))
        assert f == {"effort": 2, "prospecting": 1, "win_rate": 1, "deal_size": 300}

    @pytest.mark.parametrize(
        ("benchmark", "error", "fragment"),
        [("Z", UnknownReference, "'benchmark'"), ("team_median", ValidationError, "team_id")],
    )
    def test_bad_benchmark(self, benchmark: str, error: type, fragment: str) -> None:
        data = {"A": attrs.evolve(rep("A", 1, 1, 1, 1), team_id=None)}
        with pytest.raises(error) as info:
            diagnose("A", MARCH, data, benchmark=benchmark)
        assert fragment in str(info.value)

    def test_unknown_rep_and_currency(self) -> None:
        with pytest.raises(UnknownReference, match="'rep_id'"):
            diagnose("Q", MARCH, {})
        other = RepFacts("B", MARCH, Money(5, "EUR"), team_id="T-1")
        with pytest.raises(CurrencyMismatch):
            diagnose("A", MARCH, {"A": rep("A", 1, 1, 1, 1), "B": other})


class TestDiagnoseInvariants:
    @settings(max_examples=100)
    @given(team_facts, st.data())
    def test_parts_sum_to_the_gap_to_the_cent(
        self, team: list[RepFacts], data: st.DataObject
    ) -> None:
        facts = {f.rep_id: f for f in team}
        me = data.draw(st.sampled_from(sorted(facts)))
        bench = data.draw(st.sampled_from(["team_median", "team_best", *sorted(facts)]))
        d = diagnose(me, MARCH, facts, benchmark=bench)
        assert sum((p.amount for p in d.parts), usd(0)) == d.gap
        assert [p.factor for p in d.parts] == list(FUNNEL)
        assert all(p.cause == CAUSES[p.factor] for p in d.parts)

    @given(rep_facts())
    def test_matching_the_benchmark_gives_zeros(self, facts: RepFacts) -> None:
        me = attrs.evolve(facts, rep_id="A", team_id="T-1")
        twin = attrs.evolve(me, rep_id="B")
        d = diagnose("A", me.period, {"A": me, "B": twin}, benchmark="B")
        assert all(p.amount.is_zero() for p in d.parts)
        assert d.dominant is None
        assert diagnose("A", me.period, {"A": me}).dominant is None  # the team median is me

    @settings(max_examples=100)
    @given(team_facts, st.data())
    def test_dominant_part_is_the_most_negative_when_behind(
        self, team: list[RepFacts], data: st.DataObject
    ) -> None:
        facts = {f.rep_id: f for f in team}
        me = data.draw(st.sampled_from(sorted(facts)))
        d = diagnose(me, MARCH, facts, benchmark="team_best")
        if d.dominant is not None and d.gap.amount < 0:
            worst = min(p.amount for p in d.parts)
            assert next(p for p in d.parts if p.factor == d.dominant).amount == worst


def target_team(target: int | str | None = "7320.50") -> dict[str, RepFacts]:
    # factors (effort, prospecting, win rate, deal size):
    # A (100, 0.2, 0.2, 1500) = 6000; B (120, 0.2, 0.25, 1000) = 6000;
    # C (80, 0.25, 0.25, 800) = 4000.
    return {
        "A": rep("A", 6000, 100, 20, 4, target),
        "B": rep("B", 6000, 120, 24, 6),
        "C": rep("C", 4000, 80, 20, 5),
    }


class TestDiagnoseAgainstTarget:
    # Team medians: effort (100, 120, 80) -> 100; prospecting (0.2, 0.2, 0.25) -> 0.2;
    # win rate (0.2, 0.25, 0.25) -> 0.25; deal size (1500, 1000, 800) -> 1000.
    # Product 100 x 0.2 x 0.25 x 1000 = 5000. A's target 7320.50 = 5000 x 1.4641 = 5000 x 1.1**4,
    # so every median factor is scaled by c = 1.4641**(1/4) = 1.1:
    # reference (110, 0.22, 0.275, 1100); 110 x 0.22 x 0.275 x 1100 = 7320.5 = the target.
    # Gap 6000 - 7320.50 = -1320.50. L(6000, 7320.5) = -1320.5 / ln(6000 / 7320.5)
    #   = -1320.5 / -0.198918 = 6638.375.
    # effort      6638.375 x ln(100 / 110)    = 6638.375 x -0.0953102 = -632.705 -> -632.70
    # prospecting 6638.375 x ln(0.2 / 0.22)   = the same                        -> -632.70
    # win rate    6638.375 x ln(0.2 / 0.275)  = 6638.375 x -0.3184537 = -2114.015 -> -2114.02
    # deal size   6638.375 x ln(1500 / 1100)  = 6638.375 x +0.3101549 = +2058.925 -> +2058.92
    # Sum: -632.70 - 632.70 - 2114.02 + 2058.92 = -1320.50 = the gap (no residual here).
    def test_worked_example(self) -> None:
        d = diagnose("A", MARCH, target_team(), benchmark="target")
        assert d.benchmark == "target"
        assert (d.bookings, d.reference_bookings) == (usd(6000), usd("7320.50"))
        assert d.gap == usd("-1320.50")
        assert [(p.factor, p.reference, p.amount) for p in d.parts] == [
            ("effort", D(110), usd("-632.70")),
            ("prospecting", D("0.22"), usd("-632.70")),
            ("win_rate", D("0.275"), usd("-2114.02")),
            ("deal_size", D(1100), usd("2058.92")),
        ]
        assert d.dominant == "win_rate"
        assert d.sentence == (
            "Rep 'A' is 1320.50 USD behind the target in 2025-03; the main cause is weak"
            " conversion: win_rate 0.2 vs 0.28, worth -2114.02 USD."
        )

    def test_target_met_exactly_by_the_scaled_shape(self) -> None:
        # A rep B = (120, 0.2, 0.25, 1000) against a target it meets: 6000 = 6000.
        # Median shape product 5000, c = (6000 / 5000)**(1/4); the parts still sum to 0.
        data = target_team()
        data["B"] = attrs.evolve(data["B"], target=usd(6000))
        d = diagnose("B", MARCH, data, benchmark="target")
        assert d.gap == usd(0)
        assert sum((p.amount for p in d.parts), usd(0)) == usd(0)

    def test_zero_median_product_falls_back_to_the_best_shape(self) -> None:
        # A and B won nothing, C won 3 of 6 for 3000: the median win rate (0, 0, 0.5) is 0.
        # Fallback: C's shape (30, 0.2, 0.5, 1000), product 3000; target 48000 = 3000 x 2**4,
        # so c = 2 and the reference is (60, 0.4, 1, 2000).
        # A = (10, 0.2, 0, 0) has product 0: the -48000 is shared by the factors that are
        # zero on A's side (win rate, deal size): -24000 each (the LMDI zero rule).
        data = {
            "A": rep("A", 0, 10, 2, 0, 48000),
            "B": rep("B", 0, 10, 2, 0),
            "C": rep("C", 3000, 30, 6, 3),
        }
        d = diagnose("A", MARCH, data, benchmark="target")
        assert [(p.reference, p.amount) for p in d.parts] == [
            (D(60), usd(0)),
            (D("0.4"), usd(0)),
            (D(1), usd(-24000)),
            (D(2000), usd(-24000)),
        ]
        assert d.gap == usd(-48000)

    def test_targets_from_collect_facts(self) -> None:
        # R-1 booked 500 + 300 = 800 in March against a target of 1000: 200 behind.
        facts = collect_facts(
            MARCH, reps=[Rep("R-1", "Li", "T-1"), Rep("R-2", "Wang", "T-1")],
            opportunities=example_deals()[:-1], stage_model=MODEL, currency="USD",
            targets={"R-1": usd(1000)},
        )  # fmt: skip
        d = diagnose("R-1", MARCH, facts, benchmark="target")
        assert (d.reference_bookings, d.gap) == (usd(1000), usd(-200))
        assert sum((p.amount for p in d.parts), usd(0)) == usd(-200)

    @pytest.mark.parametrize("target", [None, 0])
    def test_missing_or_zero_target(self, target: int | None) -> None:
        with pytest.raises(ValidationError) as info:
            diagnose("A", MARCH, target_team(target), benchmark="target")
        assert str(info.value).startswith("RepFacts 'A': 'target' must be a positive target")
        assert "targets=" in str(info.value)

    def test_target_in_another_currency(self) -> None:
        data = target_team()
        data["A"] = attrs.evolve(data["A"], target=Money(7000, "EUR"))
        with pytest.raises(CurrencyMismatch, match="RepFacts 'A'"):
            diagnose("A", MARCH, data, benchmark="target")

    def test_no_team(self) -> None:
        data = {"A": attrs.evolve(rep("A", 1, 1, 1, 1, 5), team_id=None)}
        with pytest.raises(ValidationError, match="team_id"):
            diagnose("A", MARCH, data, benchmark="target")

    def test_team_that_booked_nothing(self) -> None:
        data = {"A": rep("A", 0, 10, 2, 0, 500), "B": rep("B", 0, 0, 0, 0)}
        with pytest.raises(ValidationError, match="RepFacts 'A': 'team_id' must be a team with"):
            diagnose("A", MARCH, data, benchmark="target")


targets = st.integers(1, 10**6).map(usd)


class TestDiagnoseAgainstTargetInvariants:
    @settings(max_examples=100)
    @given(team_facts, st.data())
    def test_parts_sum_to_bookings_minus_target_to_the_cent(
        self, team: list[RepFacts], data: st.DataObject
    ) -> None:
        facts = {f.rep_id: f for f in team}
        me = data.draw(st.sampled_from(sorted(facts)))
        facts[me] = attrs.evolve(facts[me], target=data.draw(targets))
        if all(f.bookings.is_zero() for f in team):
            with pytest.raises(ValidationError):
                diagnose(me, MARCH, facts, benchmark="target")
            return
        d = diagnose(me, MARCH, facts, benchmark="target")
        assert d.reference_bookings == facts[me].target
        assert d.gap == facts[me].bookings - facts[me].target
        assert sum((p.amount for p in d.parts), usd(0)) == d.gap
        assert [p.factor for p in d.parts] == list(FUNNEL)

    @settings(max_examples=100)
    @given(team_facts, st.data())
    def test_sign_of_the_gap_and_of_the_parts(
        self, team: list[RepFacts], data: st.DataObject
    ) -> None:
        facts = {f.rep_id: f for f in team}
        me = data.draw(st.sampled_from(sorted(facts)))
        facts[me] = attrs.evolve(facts[me], target=data.draw(targets))
        if all(f.bookings.is_zero() for f in team):
            return
        d = diagnose(me, MARCH, facts, benchmark="target")
        behind = facts[me].bookings < facts[me].target
        assert (d.gap.amount < 0) == behind
        if d.gap.is_zero():
            return
        # The dominant part points the way of the gap (the parts sum to it).
        part = next(p for p in d.parts if p.factor == d.dominant)
        assert (part.amount.amount < 0) == behind
        # Every part has the sign of its factor's change, up to the cents of rounding
        # that the residual (at most 3 half-cents) can move onto the largest part.
        for p in d.parts:
            change = (p.actual > p.reference) - (p.actual < p.reference)
            if abs(p.amount.amount) > D("0.02"):
                assert (p.amount.amount > 0) - (p.amount.amount < 0) == change

    @given(
        st.integers(1, 3),
        st.integers(1, 20),
        st.integers(1, 4),
        st.integers(1, 4),
        st.integers(1, 10**4),
        st.integers(0, 3),
    )
    def test_a_rep_on_the_scaled_reference_gets_zeros(
        self, c: int, won: int, u: int, v: int, size: int, others: int
    ) -> None:
        # X: won w, opportunities c*u*w (win rate 1/(c*u)), efforts c*v*opportunities
        # (prospecting 1/(c*v)), deal size s. The rep: every factor c times X's:
        # efforts c*e_X, prospecting 1/v, win rate 1/u, deal size c*s, i.e. bookings
        # c**4 * w * s. With two or more copies of X in the team, X is the median in every
        # factor, and a target of c**4 * w * s scales X's shape by exactly c.
        x_opps = c * u * won
        x_efforts = c * v * x_opps
        me_efforts = c * x_efforts
        me_opps = me_efforts // v
        me_won = me_opps // u
        target = c**4 * won * size
        facts = {"A": rep("A", target, me_efforts, me_opps, me_won, target)}
        for i in range(2 + others):
            facts[f"X-{i}"] = rep(f"X-{i}", won * size, x_efforts, x_opps, won)
        d = diagnose("A", MARCH, facts, benchmark="target")
        # Equal up to the 40th digit (1/3 scaled by 2 vs 2/3 may differ in the last one).
        for p in d.parts:
            assert abs(p.actual - p.reference) <= p.reference * D("1e-38")
        assert all(p.amount.is_zero() for p in d.parts)
        assert d.dominant is None


def example_deals() -> list[Opportunity]:
    won, lost = MODEL.won_stage.name, "Closed Lost"
    day = dt.date(2025, 3, 10)
    return [
        Opportunity("O-1", "C-1", "R-1", usd(500), dt.date(2025, 3, 1), day, won),
        Opportunity("O-2", "C-2", "R-1", usd(300), dt.date(2025, 2, 1), day, won),
        Opportunity("O-0", "C-2", "R-2", usd(100), dt.date(2024, 1, 1), dt.date(2024, 6, 1), won),
        Opportunity("O-3", "C-3", "R-2", usd(900), dt.date(2025, 3, 2), day, lost),
        Opportunity("O-4", "C-4", "R-2", usd(200), dt.date(2025, 3, 3), day, won),
        Opportunity("O-5", "C-4", "R-1", usd(700), dt.date(2025, 3, 3), day, won),
    ]


class TestCollectFacts:
    def test_worked_example(self) -> None:
        day = dt.date(2025, 3, 10)
        deals = example_deals()[:-1]
        log = [
            Activity("A-1", "R-1", "call", day),
            Activity("A-2", "R-1", "visit", day, account_id="C-1"),
            Activity("A-3", "R-1", "email", day),
        ]
        sheet = [AttendanceDay("R-1", day)]
        facts = collect_facts(
            MARCH,
            reps=[Rep("R-1", "Li", "T-1"), Rep("R-2", "Wang", "T-1")],
            opportunities=deals,
            stage_model=MODEL,
            currency="USD",
            activities=log,
            attendance=sheet,
            targets={"R-1": usd(1000)},
        )
        r1, r2 = facts["R-1"], facts["R-2"]
        # 500 + 300 won in March; C-1 is a new customer (C-2 first bought in 2024).
        assert (r1.bookings, r1.won_deals, r1.new_customers_added) == (usd(800), 2, 1)
        # only O-4 (200) in March; C-4 new. Team median of 800 and 200 = 500.
        assert (r2.bookings, r2.won_deals, r2.new_customers_added) == (usd(200), 1, 1)
        assert r1.team_median_bookings == usd(500)
        # Efforts: call + visit (email does not count); 1 short day of 20 calls.
        assert (r1.calls, r1.existing_visits, r1.efforts, r1.violations) == (1, 1, 2, 1)
        assert (r1.new_opportunities, r2.new_opportunities) == (1, 2)
        assert r1.target == usd(1000)
        assert r2.target is None

    @given(st.permutations(example_deals()), st.permutations(range(30)))
    def test_order_does_not_matter(self, deals: list[Opportunity], order: list[int]) -> None:
        # O-4 and O-5 both first-win C-4 on the same day: the smaller id (O-4, R-2) counts.
        day = dt.date(2025, 3, 10)
        log = [Activity(f"A-{i}", f"R-{1 + i % 2}", "call", day) for i in order]
        reps = [Rep("R-1", "Li", "T-1"), Rep("R-2", "Wang", "T-1")]
        facts = collect_facts(
            MARCH, reps=reps, opportunities=deals, stage_model=MODEL, currency="USD",
            activities=log, attendance=[AttendanceDay("R-1", day)],
        )  # fmt: skip
        reference = collect_facts(
            MARCH, reps=reps[::-1], opportunities=example_deals(), stage_model=MODEL,
            currency="USD", activities=sorted(log, key=lambda a: a.activity_id),
            attendance=[AttendanceDay("R-1", day)],
        )  # fmt: skip
        assert facts == reference
        assert (facts["R-1"].new_customers_added, facts["R-2"].new_customers_added) == (1, 1)

    def test_currency_mismatch(self) -> None:
        deal = Opportunity(
            "O-1", "C-1", "R-1", Money(5, "EUR"), dt.date(2025, 3, 1), dt.date(2025, 3, 2),
            MODEL.won_stage.name,
        )  # fmt: skip
        with pytest.raises(CurrencyMismatch):
            collect_facts(
                MARCH, reps=[Rep("R-1", "Li", "T-1")], opportunities=[deal],
                stage_model=MODEL, currency="USD",
            )  # fmt: skip


class TestDiagnoseAll:
    @settings(max_examples=100)
    @given(team_facts, st.sampled_from(["team_median", "team_best", "target", "R-0"]))
    def test_equals_diagnose_per_rep(self, team: list[RepFacts], bench: str) -> None:
        facts = {f.rep_id: attrs.evolve(f, target=usd(1000)) for f in team}
        if bench == "R-0" and "R-0" not in facts:
            bench = min(facts)
        if bench == "target" and all(f.bookings.is_zero() for f in team):
            with pytest.raises(ValidationError, match="team_id"):
                diagnose_all(MARCH, facts, bench)
            return
        every = diagnose_all(MARCH, facts, bench)
        assert list(every) == sorted(facts)
        assert every == {name: diagnose(name, MARCH, facts, bench) for name in facts}

    def test_teams_are_kept_apart_and_rep_ids_select(self) -> None:
        # Two teams: T-1 of A and B (the worked example), T-2 of C alone (its own median).
        data = {
            "A": rep("A", 9000, 150, 30, 6),
            "B": rep("B", 10000, 150, 40, 10),
            "C": attrs.evolve(rep("C", 500, 10, 2, 1), team_id="T-2"),
        }
        every = diagnose_all(MARCH, data)
        assert every["C"].gap == usd(0)
        assert every["A"] == diagnose("A", MARCH, data)
        assert list(diagnose_all(MARCH, data, rep_ids=iter(["C", "A", "C"]))) == ["A", "C"]
        assert diagnose_all(MARCH, {}) == {}

    def test_errors(self) -> None:
        data = {"A": rep("A", 9000, 150, 30, 6)}
        with pytest.raises(UnknownReference, match="diagnose_all\\(\\): 'rep_ids'"):
            diagnose_all(MARCH, data, rep_ids=["Q"])
        with pytest.raises(ValidationError, match="team_id"):
            diagnose_all(MARCH, {**data, "N": attrs.evolve(data["A"], rep_id="N", team_id=None)})
        with pytest.raises(ValidationError, match="facts for 2025-04"):
            diagnose_all(Period.month(2025, 4), data)
        other = RepFacts("B", MARCH, Money(5, "EUR"), team_id="T-1")
        with pytest.raises(CurrencyMismatch):
            diagnose_all(MARCH, {**data, "B": other})


class TestDiagnosisValues:
    # The result values check their own invariants, so a hand-built one cannot lie.
    def test_parts_must_add_up_to_the_gap(self) -> None:
        d = diagnose("A", MARCH, {"A": rep("A", 9000, 150, 30, 6), "B": rep("B", 1, 1, 1, 1)}, "B")
        with pytest.raises(ValidationError, match="add up to the gap"):
            attrs.evolve(d, bookings=usd(9001))
        with pytest.raises(ValidationError, match="one part per factor"):
            attrs.evolve(d, parts=d.parts[::-1])
        with pytest.raises(ValidationError, match="'dominant' must be one of"):
            attrs.evolve(d, dominant="luck")
        with pytest.raises(CurrencyMismatch):
            attrs.evolve(d, parts=(), reference_bookings=Money(1, "EUR"))

    def test_gap_part_fields(self) -> None:
        with pytest.raises(ValidationError, match="GapPart: 'cause' must be the cause of"):
            GapPart("effort", "small deals", D(1), D(1), usd(0))
        with pytest.raises(ValidationError, match="GapPart: 'factor' must be one of"):
            GapPart("luck", "luck", D(1), D(1), usd(0))
        with pytest.raises(ValidationError, match="GapPart: 'actual'"):
            GapPart("effort", CAUSES["effort"], D(-1), D(1), usd(0))

    def test_causes_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            CAUSES["effort"] = "laziness"  # type: ignore[index] # read-only on purpose


class TestDiagnoseCallerContext:
    # The dominant cause of a rep who is ahead, and the team's best rep, were found with
    # unary minus, which rounds in the caller's context (and raised under trapped Inexact).
    @settings(max_examples=100)
    @given(team_facts, st.data())
    def test_independent_of_the_callers_context(
        self, team: list[RepFacts], data: st.DataObject
    ) -> None:
        facts = {f.rep_id: f for f in team}
        me = data.draw(st.sampled_from(sorted(facts)))
        bench = data.draw(st.sampled_from(["team_median", "team_best", *sorted(facts)]))
        expected = diagnose(me, MARCH, facts, bench)
        hostile = decimal.Context(
            prec=3, rounding=decimal.ROUND_FLOOR, traps=[decimal.Inexact, decimal.Rounded]
        )
        with decimal.localcontext(hostile):
            got = diagnose(me, MARCH, facts, bench)
            every = diagnose_all(MARCH, facts, bench, rep_ids=[me])
        assert got == expected == every[me]
