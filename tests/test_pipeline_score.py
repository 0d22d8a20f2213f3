"""Deal score and "most likely to close" (``salesmgmt.pipeline._score``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    Money,
    PolicyError,
    UnknownReference,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.pipeline import (
    DealScore,
    Evidence,
    EvidenceCatalogue,
    Opportunity,
    ScorePolicy,
    StageModel,
    Touch,
    deal_score,
    most_likely_to_close,
)
from salesmgmt.strategies._forecast import deal_scores, score_policies
from salesmgmt.strategies._pipeline import deal_ids, evidences, opportunities

MODEL = StageModel.default()
D = dt.date
AS_OF = D(2025, 3, 10)


def deal(deal_id: str = "O-1", stage: str = "Commit", **kw: Any) -> Opportunity:
    return Opportunity(
        deal_id, "A-1", "R-1", Money(1000, "USD"), D(2025, 1, 2), D(2025, 3, 31), stage, **kw
    )


FACTS = (
    Evidence("budget_confirmed", D(2025, 2, 1), detail="CFO: 50k approved"),
    Evidence("decision_maker_engaged", D(2025, 2, 10)),
    Evidence("redlines_received", D(2025, 3, 7)),
    Evidence("competitor_named", D(2025, 2, 20)),
    Evidence("budget_confirmed", D(2025, 3, 1)),  # a repeat kind counts once
)
TOUCHES = tuple(Touch(D(2025, 1, 10 + k), "call") for k in range(10))


class TestWorkedScore:
    def test_breakdown(self) -> None:
        s = deal_score(deal(evidence=FACTS, touches=TOUCHES), as_of=AS_OF)
        # evidence: weights 15 + 15 + 15 + 5 = 50 of 60 -> 60 x 50/60 = 50
        # touches: 10 of 8 -> capped at 20
        # recency: last fact 2025-03-07, 3 days before as_of -> 10 x (30 - 3)/30 = 9
        # stage: Commit 80 % x 10 = 8
        assert (s.evidence_points, s.touch_points, s.recency_points, s.stage_points) == (
            Decimal("50.0"),
            Decimal("20.0"),
            Decimal("9.0"),
            Decimal("8.0"),
        )
        assert s.score == Decimal("87.0")
        assert dict(s.evidence) == {
            "budget_confirmed": Decimal("15.0"),
            "competitor_named": Decimal("5.0"),
            "decision_maker_engaged": Decimal("15.0"),
            "redlines_received": Decimal("15.0"),
        }
        assert s.facts[0] == "O-1: budget_confirmed on 2025-02-01 (CFO: 50k approved)"
        assert "O-1: 10 touches (target 8)" in s.facts

    def test_evidence_saturates_and_is_shared_in_proportion(self) -> None:
        every = tuple(Evidence(kind, D(2025, 2, 1)) for kind in EvidenceCatalogue.default().kinds)
        s = deal_score(deal(evidence=every))
        # weights sum to 100 > 60: full 60 points, each kind gets 60/100 of its weight
        assert s.evidence_points == Decimal("60.0")
        assert dict(s.evidence)["budget_confirmed"] == Decimal("9.0")  # 15 x 0.6
        assert s.recency_points == 0  # no as_of: recency is not scored
        # 60 + 0 touches + 0 recency + 8 stage
        assert s.score == Decimal("68.0")

    @pytest.mark.parametrize(
        ("stage", "stage_points"),
        [
            ("Prospecting", "1.0"),
            ("Negotiation", "6.0"),
            ("Closed Won", "10.0"),
            ("Closed Lost", "0.0"),
        ],
    )
    def test_stage(self, stage: str, stage_points: str) -> None:
        assert deal_score(deal(stage=stage)).stage_points == Decimal(stage_points)

    def test_notes_and_unknown_kinds_never_count(self) -> None:
        s = deal_score(deal(evidence=[Evidence("gut_feeling", D(2025, 2, 1))]))
        assert s.evidence_points == 0
        assert "not in the catalogue" in s.facts[0]

    def test_as_of_drops_later_facts(self) -> None:
        s = deal_score(deal(evidence=FACTS, touches=TOUCHES), as_of=D(2025, 2, 5))
        # only budget_confirmed (15) is known: 60 x 15/60 = 15
        assert s.evidence_points == Decimal("15.0")

    def test_errors(self) -> None:
        with pytest.raises(ValidationError, match="Opportunity 'O-1'"):
            deal_score(deal(), as_of=D(2024, 1, 1))
        with pytest.raises(UnknownReference, match="Opportunity 'O-1'"):
            deal_score(deal(stage="Won?"))
        with pytest.raises(WrongType):
            deal_score(deal(), {})  # type: ignore[arg-type]  # the point of the test
        with pytest.raises(PolicyError, match="100"):
            ScorePolicy(touch_points=30)


class TestMostLikelyToClose:
    book = (
        deal("O-1", "Prospecting"),  # 1 point
        deal("O-2", "Commit", evidence=FACTS),  # 50 + 8 + recency
        deal("O-3", "Closed Won", evidence=FACTS),  # won: left out
        attrs.evolve(deal("O-4", "Commit", evidence=FACTS), close_date=D(2025, 3, 20)),
    )

    def test_ranked_by_score_then_close_date(self) -> None:
        top = most_likely_to_close(self.book, AS_OF, 2, model=MODEL)
        # O-2 and O-4 tie on score; O-4 closes earlier
        assert [s.opportunity_id for s in top] == ["O-4", "O-2"]
        assert top[0].facts[0].startswith("O-4: budget_confirmed on 2025-02-01")

    def test_n_larger_than_the_book_and_zero(self) -> None:
        assert len(most_likely_to_close(self.book, AS_OF, 10, model=MODEL)) == 3
        assert most_likely_to_close(self.book, AS_OF, 0, model=MODEL) == ()
        with pytest.raises(ValidationError):
            most_likely_to_close(self.book, AS_OF, -1, model=MODEL)


usd_deals = st.lists(
    opportunities(currencies=st.just("USD"), ids=deal_ids()),
    max_size=8,
    unique_by=lambda d: d.opportunity_id,
)
days = st.none() | st.dates(D(2000, 1, 1), D(2035, 12, 31))


class TestProperties:
    @given(opportunities(), score_policies(), days)
    def test_score_in_0_100(
        self, d: Opportunity, policy: ScorePolicy, day: dt.date | None
    ) -> None:
        if day is not None and day < d.created_on:
            day = None
        s = deal_score(d, policy, as_of=day)
        assert 0 <= s.score <= 100
        parts = s.evidence_points + s.touch_points + s.recency_points + s.stage_points
        assert abs(parts - s.score) <= Decimal("0.2")  # each part is rounded to a tenth

    @given(opportunities(), st.lists(evidences(), min_size=1, max_size=3), score_policies(), days)
    def test_adding_evidence_never_lowers_the_score(
        self, d: Opportunity, extra: list[Evidence], policy: ScorePolicy, day: dt.date | None
    ) -> None:
        if day is not None and day < d.created_on:
            day = None
        extra = [e for e in extra if e.on >= d.created_on]
        more = attrs.evolve(d, evidence=(*d.evidence, *extra))
        assert deal_score(more, policy, as_of=day).score >= deal_score(d, policy, as_of=day).score

    @given(
        usd_deals,
        st.dates(D(2000, 1, 1), D(2035, 12, 31)),
        st.integers(0, 10),
        st.randoms(use_true_random=False),
    )
    def test_ranking(self, deals: list[Opportunity], day: dt.date, n: int, rnd: Any) -> None:
        top = most_likely_to_close(deals, day, n, model=MODEL)
        keys = [(-s.score, s.close_date, s.opportunity_id) for s in top]
        assert keys == sorted(keys)
        shuffled = list(deals)
        rnd.shuffle(shuffled)
        assert most_likely_to_close(shuffled, day, n, model=MODEL) == top


class TestRecords:
    @given(st.lists(deal_scores(), max_size=3, unique_by=lambda s: s.opportunity_id))
    def test_scores_round_trip(self, values: list[DealScore]) -> None:
        assert from_records(DealScore, to_records(values)) == values

    @given(st.lists(score_policies(), max_size=2))
    def test_policies_round_trip(self, values: list[ScorePolicy]) -> None:
        assert from_records(ScorePolicy, to_records(values)) == values
