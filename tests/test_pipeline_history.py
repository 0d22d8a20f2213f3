"""Deals as of a day, rebuilt from history; pipeline snapshots (``salesmgmt.pipeline``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import Money, ValidationError
from salesmgmt.errors import WrongType
from salesmgmt.pipeline import (
    AmountChange,
    CloseDateChange,
    Evidence,
    Note,
    Opportunity,
    PipelineSnapshot,
    StageChange,
    Touch,
    deal_as_of,
    snapshot,
)
from salesmgmt.strategies._pipeline import opportunities


def usd(x: int) -> Money:
    return Money(x, "USD")


DEALS = opportunities(currencies=st.just("USD"), max_events=5)
DAYS = st.dates(dt.date(2019, 6, 1), dt.date(2031, 6, 1))


def story() -> Opportunity:
    """Created 6 Jan in Prospecting at 1,000; Proposal on 3 Feb; cut to 800 on 3 Mar;
    pushed from 31 Mar to 30 Apr on 20 Mar; won on 30 Apr."""
    return Opportunity(
        "O-1",
        "A-1",
        "R-1",
        usd(800),
        dt.date(2025, 1, 6),
        dt.date(2025, 4, 30),
        "Closed Won",
        history=(
            StageChange(dt.date(2025, 2, 3), "Prospecting", "Proposal"),
            AmountChange(dt.date(2025, 3, 3), usd(1000), usd(800)),
            CloseDateChange(dt.date(2025, 3, 20), dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
            StageChange(dt.date(2025, 4, 30), "Proposal", "Closed Won"),
        ),
        evidence=(Evidence("contract_sent", dt.date(2025, 4, 1)),),
        notes=(Note(dt.date(2025, 1, 10), "keen"),),
        touches=(Touch(dt.date(2025, 2, 1), "call"), Touch(dt.date(2025, 4, 2), "visit")),
    )


class TestDealAsOf:
    @pytest.mark.parametrize(
        ("day", "stage", "close", "amount", "events", "touches"),
        [
            (dt.date(2025, 1, 6), "Prospecting", dt.date(2025, 3, 31), 1000, 0, 0),
            (dt.date(2025, 2, 3), "Proposal", dt.date(2025, 3, 31), 1000, 1, 1),
            (dt.date(2025, 3, 3), "Proposal", dt.date(2025, 3, 31), 800, 2, 1),
            (dt.date(2025, 3, 25), "Proposal", dt.date(2025, 4, 30), 800, 3, 1),
            (dt.date(2025, 4, 29), "Proposal", dt.date(2025, 4, 30), 800, 3, 2),
            (dt.date(2025, 4, 30), "Closed Won", dt.date(2025, 4, 30), 800, 4, 2),
        ],
    )
    def test_worked_story(
        self,
        day: dt.date,
        stage: str,
        close: dt.date,
        amount: int,
        events: int,
        touches: int,
    ) -> None:
        past = deal_as_of(story(), day)
        assert past is not None
        assert (past.stage, past.close_date, past.amount) == (stage, close, usd(amount))
        assert (len(past.history), len(past.touches)) == (events, touches)

    def test_before_creation(self) -> None:
        assert deal_as_of(story(), dt.date(2025, 1, 5)) is None

    def test_wrong_types(self) -> None:
        with pytest.raises(WrongType):
            deal_as_of("O-1", dt.date(2025, 1, 5))  # type: ignore[arg-type]
        with pytest.raises(WrongType):
            deal_as_of(story(), "2025-01-05")  # type: ignore[arg-type]

    @given(DEALS)
    def test_replaying_history_reproduces_the_deal(self, deal: Opportunity) -> None:
        assert deal_as_of(deal, dt.date.max) == deal
        last = max(
            [deal.created_on]
            + [x.on for x in (*deal.history, *deal.evidence, *deal.notes, *deal.touches)]
        )
        assert deal_as_of(deal, last) == deal

    @given(DEALS, DAYS)
    def test_never_uses_facts_after_the_day(self, deal: Opportunity, day: dt.date) -> None:
        past = deal_as_of(deal, day)
        if past is None:
            assert deal.created_on > day
            return
        dated = (*past.history, *past.evidence, *past.notes, *past.touches)
        assert all(item.on <= day for item in dated)
        assert past.history == tuple(e for e in deal.history if e.on <= day)
        # the state is the last change of each kind on or before the day
        stage_changes = [e for e in past.history if isinstance(e, StageChange)]
        if stage_changes:
            assert past.stage == stage_changes[-1].to_stage

    @given(DEALS, DAYS, DAYS)
    def test_as_of_is_consistent_over_time(
        self, deal: Opportunity, first: dt.date, second: dt.date
    ) -> None:
        early, late = sorted((first, second))
        later = deal_as_of(deal, late)
        expected = deal_as_of(deal, early)
        assert (None if later is None else deal_as_of(later, early)) == expected


class TestSnapshot:
    def test_snapshot_keeps_order_and_drops_later_deals(self) -> None:
        other = Opportunity(
            "O-2", "A-1", "R-2", usd(5), dt.date(2025, 5, 1), dt.date(2025, 6, 1), "Commit"
        )
        snap = snapshot([story(), other], dt.date(2025, 3, 3))
        assert [d.opportunity_id for d in snap.deals] == ["O-1"]
        assert snap.deals[0].amount == usd(800)

    def test_snapshot_refuses_future_facts(self) -> None:
        with pytest.raises(ValidationError, match="known as of 2025-03-03"):
            PipelineSnapshot(dt.date(2025, 3, 3), (story(),))

    def test_duplicate_ids(self) -> None:
        deal = deal_as_of(story(), dt.date(2025, 1, 6))
        assert deal is not None
        with pytest.raises(ValidationError, match="no other deal"):
            PipelineSnapshot(dt.date(2025, 1, 6), (deal, deal))

    @settings(max_examples=100)
    @given(st.lists(DEALS, max_size=5, unique_by=lambda d: d.opportunity_id), DAYS)
    def test_snapshot_is_deal_as_of(self, deals: list[Opportunity], day: dt.date) -> None:
        snap = snapshot(deals, day)
        expected = [deal_as_of(d, day) for d in deals]
        assert list(snap.deals) == [d for d in expected if d is not None]
        assert snapshot(iter(deals), day) == snap
