"""Stages, stage models, opportunities and their attachments (``salesmgmt.pipeline``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, PolicyError, UnknownReference, ValidationError
from salesmgmt.errors import WrongType
from salesmgmt.pipeline import (
    AmountChange,
    CloseDateChange,
    Evidence,
    EvidenceCatalogue,
    Note,
    Opportunity,
    Stage,
    StageChange,
    StageModel,
    Touch,
    category_rank,
)
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._pipeline import (
    evidence_catalogues,
    opportunities,
    stage_models,
    stages,
)

D = Decimal
DAY = dt.date(2025, 1, 6)
USD = Money(1000, "USD")


def deal(**changes: Any) -> Opportunity:
    fields: dict[str, Any] = {
        "opportunity_id": "O-17",
        "account_id": "A-1",
        "owner_id": "R-1",
        "amount": USD,
        "created_on": DAY,
        "close_date": dt.date(2025, 3, 31),
        "stage": "Proposal",
    }
    fields.update(changes)
    return Opportunity(**fields)


class TestStage:
    @pytest.mark.parametrize(
        ("probability", "expected"),
        [(0, D(0)), (1, D(1)), ("0.4", D("0.4")), (D("0.75"), D("0.75"))],
    )
    def test_probability_is_exact(self, probability: Any, expected: Decimal) -> None:
        assert Stage("S", probability, category="pipeline").probability == expected

    def test_float_probability_is_refused(self) -> None:
        with pytest.raises(WrongType, match="probability"):
            Stage("S", 0.4, category="pipeline")

    @pytest.mark.parametrize("probability", ["1.01", -1, "-0.01", 2])
    def test_probability_outside_unit_interval(self, probability: Any) -> None:
        with pytest.raises(ValidationError, match="between 0 and 1"):
            Stage("S", probability, category="pipeline")

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"category": "commit", "won": True}, "'closed' for a won stage"),
            ({"category": "pipeline", "lost": True}, "'omitted' for a lost stage"),
            ({"category": "closed", "won": True, "lost": True}, "False for a won stage"),
            ({"category": "closed"}, "not 'closed' for an open stage"),
        ],
    )
    def test_flags_must_agree_with_category(self, kwargs: Any, message: str) -> None:
        with pytest.raises(PolicyError, match=message):
            Stage("S", 1, **kwargs)

    def test_unknown_category(self) -> None:
        with pytest.raises(ValidationError, match="category"):
            Stage("S", 1, category="upside")

    @given(stages())
    def test_terminal_stages_are_not_open(self, stage: Stage) -> None:
        assert stage.is_open == (not stage.won and not stage.lost)
        assert not (stage.won and stage.lost)


class TestCategoryOrder:
    def test_published_order(self) -> None:
        # omitted < pipeline < best case < commit < closed (Salesforce forecast categories)
        ranks = [
            category_rank(c) for c in ("omitted", "pipeline", "best_case", "commit", "closed")
        ]
        assert ranks == [0, 1, 2, 3, 4]


class TestStageModel:
    def test_default_model(self) -> None:
        model = StageModel.default()
        assert [(s.name, s.probability, s.category) for s in model.stages] == [
            ("Prospecting", D("0.1"), "pipeline"),
            ("Qualification", D("0.2"), "pipeline"),
            ("Proposal", D("0.4"), "best_case"),
            ("Negotiation", D("0.6"), "best_case"),
            ("Commit", D("0.8"), "commit"),
            ("Closed Won", D(1), "closed"),
            ("Closed Lost", D(0), "omitted"),
        ]
        assert model.won_stage.name == "Closed Won"

    def test_salesforce_preset(self) -> None:
        # Salesforce Sales Cloud default picklist: Prospecting 10 % … Negotiation/Review 90 %.
        model = StageModel.salesforce()
        assert model.stage("Value Proposition").probability == D("0.5")
        assert model.stage("Negotiation/Review").probability == D("0.9")
        assert model.is_won("Closed Won")
        assert model.is_lost("Closed Lost")

    @pytest.mark.parametrize(
        "names",
        [
            [("A", "open"), ("A", "won"), ("L", "lost")],
            [("W", "won"), ("L", "lost")],
            [("A", "open"), ("L", "lost")],
            [("A", "open"), ("W", "won"), ("W2", "won"), ("L", "lost")],
            [("A", "open"), ("W", "won")],
        ],
    )
    def test_invalid_models(self, names: list[tuple[str, str]]) -> None:
        built = [
            Stage(name, 1, category="closed", won=True)
            if kind == "won"
            else Stage(name, 0, category="omitted", lost=True)
            if kind == "lost"
            else Stage(name, "0.5", category="pipeline")
            for name, kind in names
        ]
        with pytest.raises(PolicyError):
            StageModel(built)

    def test_not_stages(self) -> None:
        with pytest.raises(WrongType, match=r"stages\[0\]"):
            StageModel(["Prospecting"])

    def test_unknown_stage(self) -> None:
        with pytest.raises(UnknownReference, match="'Won'"):
            StageModel.default().stage("Won")

    @given(stage_models())
    def test_queries_agree(self, model: StageModel) -> None:
        for index, stage in enumerate(model.stages):
            assert model.position(stage.name) == index
            assert model.is_open(stage.name) == stage.is_open
            assert model.is_won(stage.name) == stage.won
            assert model.is_lost(stage.name) == stage.lost


class TestEvents:
    def test_no_op_changes_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="different"):
            StageChange(DAY, "Proposal", "Proposal")
        with pytest.raises(ValidationError, match="different"):
            CloseDateChange(DAY, DAY, DAY)
        with pytest.raises(ValidationError, match="different"):
            AmountChange(DAY, USD, USD)

    def test_amount_change_currencies(self) -> None:
        with pytest.raises(CurrencyMismatch):
            AmountChange(DAY, USD, Money(1, "EUR"))

    def test_negative_amount_change(self) -> None:
        with pytest.raises(ValidationError, match="at least zero"):
            AmountChange(DAY, USD, Money(-1, "USD"))

    def test_datetime_is_refused(self) -> None:
        with pytest.raises(WrongType, match="not a datetime"):
            Note(dt.datetime(2025, 1, 1, 9), "hi")


class TestEvidence:
    def test_default_catalogue_sums_to_100(self) -> None:
        catalogue = EvidenceCatalogue.default()
        assert sum(w for _, w in catalogue.weights) == 100
        assert "discount_requested" in catalogue.kinds

    def test_mapping_and_pairs_agree(self) -> None:
        assert EvidenceCatalogue({"a": 1}) == EvidenceCatalogue([("a", 1)])

    def test_duplicate_and_negative(self) -> None:
        with pytest.raises(PolicyError, match="unique"):
            EvidenceCatalogue([("a", 1), ("a", 2)])
        with pytest.raises(PolicyError, match="at least 0"):
            EvidenceCatalogue({"a": -1})

    @given(evidence_catalogues())
    def test_weights_lookup(self, catalogue: EvidenceCatalogue) -> None:
        for kind, weight in catalogue.weights:
            assert catalogue.weight(kind) == weight

    def test_touch_kind(self) -> None:
        with pytest.raises(ValidationError, match="kind"):
            Touch(DAY, "carrier pigeon")  # type: ignore[arg-type]
        assert Evidence("contract_sent", DAY).detail == ""


class TestOpportunity:
    def test_close_before_created(self) -> None:
        with pytest.raises(ValidationError) as info:
            deal(created_on=dt.date(2025, 3, 4), close_date=dt.date(2025, 1, 1))
        assert str(info.value).startswith("Opportunity 'O-17': 'close_date' must be on or after")

    def test_negative_amount(self) -> None:
        with pytest.raises(ValidationError, match="Opportunity 'O-17': 'amount'"):
            deal(amount=Money(-1, "USD"))

    def test_lists_become_tuples(self) -> None:
        made = deal(products=["P-1"], touches=[Touch(DAY, "call")])
        assert made.products == ("P-1",)
        assert isinstance(made.touches, tuple)

    @pytest.mark.parametrize(
        ("history", "field"),
        [
            # the first change does not start... it chains to the current stage at the end
            ([StageChange(DAY, "Prospecting", "Commit")], r"history\[0\].to_stage"),
            (
                [
                    StageChange(DAY, "Prospecting", "Qualification"),
                    StageChange(DAY, "Commit", "Proposal"),
                ],
                r"history\[1\].from_stage",
            ),
            ([StageChange(dt.date(2025, 1, 1), "Prospecting", "Proposal")], r"history\[0\].on"),
            (
                [
                    StageChange(dt.date(2025, 2, 1), "Prospecting", "Qualification"),
                    StageChange(dt.date(2025, 1, 9), "Qualification", "Proposal"),
                ],
                r"history\[1\].on",
            ),
            (
                [CloseDateChange(DAY, dt.date(2025, 1, 1), dt.date(2025, 3, 31))],
                r"history\[0\].from_date",
            ),
            (["not an event"], r"history\[0\]"),
        ],
    )
    def test_broken_history_names_the_event(self, history: list[Any], field: str) -> None:
        with pytest.raises(ValidationError, match=field) as info:
            deal(history=history)
        assert "Opportunity 'O-17'" in str(info.value)

    def test_history_currency(self) -> None:
        with pytest.raises(CurrencyMismatch):
            deal(history=[AmountChange(DAY, Money(5, "EUR"), Money(1000, "EUR"))])

    @settings(max_examples=100)
    @given(opportunities())
    def test_generated_deals_are_valid(self, made: Opportunity) -> None:
        assert attrs.evolve(made) == made
        assert made.close_date >= made.created_on


class TestRecords:
    @given(st.lists(stages(), max_size=4))
    def test_stages_round_trip(self, items: list[Stage]) -> None:
        assert from_records(Stage, to_records(items)) == items

    def test_policies_and_events_round_trip(self) -> None:
        rows: list[list[Any]] = [
            [EvidenceCatalogue.default(), EvidenceCatalogue({"x": "2.5"})],
            [Evidence("contract_sent", DAY, detail="sent"), Evidence("pricing_requested", DAY)],
            [Note(DAY, "keen")],
            [Touch(DAY, "visit", activity_id="A-1"), Touch(DAY, "call")],
            [StageChange(DAY, "Prospecting", "Proposal")],
            [AmountChange(DAY, USD, Money(5, "USD"))],
        ]
        for items in rows:
            assert from_records(type(items[0]), to_records(items)) == items

    def test_model_round_trip(self) -> None:
        models = [StageModel.default(), StageModel.salesforce()]
        assert from_records(StageModel, to_records(models)) == models

    @settings(max_examples=40)  # from_records on nested unions is slow; 40 deals lists suffice
    @given(st.lists(opportunities(max_events=3), max_size=3, unique_by=lambda d: d.opportunity_id))
    def test_opportunities_round_trip(self, deals: list[Opportunity]) -> None:
        assert from_records(Opportunity, to_records(deals)) == deals
