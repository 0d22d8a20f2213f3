"""Stages and stage models: the ordered steps a deal moves through.

A :class:`Stage` carries a default probability (used by the weighted pipeline)
and a forecast category (used by the forecast roll-up). A :class:`StageModel`
orders the stages; exactly one stage is the won stage and at least one is a
lost stage. Both are policies: data the caller passes in, never constants
buried in functions (DESIGN principle 6).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_bool, check_choice, check_iterable, check_str, check_type
from salesmgmt._decimal import to_decimal
from salesmgmt.errors import PolicyError, UnknownReference, ValidationError

__all__ = [
    "CATEGORIES",
    "Category",
    "Stage",
    "StageModel",
    "category_rank",
]

Category: TypeAlias = Literal["omitted", "pipeline", "best_case", "commit", "closed"]

#: Forecast categories, lowest first: omitted < pipeline < best_case < commit < closed.
CATEGORIES: Final[tuple[Category, ...]] = ("omitted", "pipeline", "best_case", "commit", "closed")

_RANK: Final = {name: rank for rank, name in enumerate(CATEGORIES)}


def category_rank(category: str) -> int:
    """The position of ``category`` in the order omitted < pipeline < best_case < commit < closed.

    >>> from salesmgmt.pipeline import category_rank
    >>> category_rank("omitted"), category_rank("commit")
    (0, 3)
    """
    return _RANK[check_choice(category, CATEGORIES, record="category_rank()", field="category")]


def _name(value: object) -> str:
    return check_str(value, record="Stage", field="name")


def _probability(value: object) -> Decimal:
    number = to_decimal(
        value,
        record="Stage",
        field="probability",
        float_hint="Write the probability as a Decimal or string: Decimal('0.4') or '0.4'.",
    )
    if not 0 <= number <= 1:
        raise ValidationError.for_field(
            "Stage",
            "probability",
            value,
            "between 0 and 1",
            hint="Write 40 % as Decimal('0.4').",
        )
    return number


def _category(value: object) -> Category:
    chosen: Category = check_choice(value, CATEGORIES, record="Stage", field="category")
    return chosen


def _won(value: object) -> bool:
    return check_bool(value, record="Stage", field="won")


def _lost(value: object) -> bool:
    return check_bool(value, record="Stage", field="lost")


@attrs.frozen
class Stage:
    """One step of the sales process, with its default probability and forecast category.

    ``probability`` is a ``Decimal`` between 0 and 1 (``int`` and decimal strings
    are accepted losslessly; a ``float`` is refused). ``category`` is one of
    :data:`CATEGORIES`. A won stage is terminal and belongs to ``"closed"``; a
    lost stage is terminal and belongs to ``"omitted"``; an open stage never
    belongs to ``"closed"``. A stage cannot be both won and lost.

    Raises:
        WrongType: a field has the wrong type (a ``float`` probability).
        ValidationError: the name is empty, the probability is outside [0, 1] or
            the category unknown.
        PolicyError: the won/lost flags contradict each other or the category.

    >>> from salesmgmt.pipeline import Stage
    >>> Stage("Proposal", "0.4", category="best_case")
    Stage(name='Proposal', probability=Decimal('0.4'), category='best_case', won=False, lost=False)
    >>> Stage("Closed Won", 1, category="commit", won=True)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: Stage 'Closed Won': 'category' must be 'closed' for a won
    stage (got 'commit')
    """

    name: str = attrs.field(converter=_name)
    probability: Decimal = attrs.field(converter=_probability)
    category: Category = attrs.field(kw_only=True, converter=_category)
    won: bool = attrs.field(default=False, kw_only=True, converter=_won)
    lost: bool = attrs.field(default=False, kw_only=True, converter=_lost)

    def __attrs_post_init__(self) -> None:
        record = f"Stage {self.name!r}"
        if self.won and self.lost:
            raise PolicyError.for_field(record, "lost", True, "False for a won stage")
        if self.won and self.category != "closed":
            raise PolicyError.for_field(
                record, "category", self.category, "'closed' for a won stage"
            )
        if self.lost and self.category != "omitted":
            raise PolicyError.for_field(
                record, "category", self.category, "'omitted' for a lost stage"
            )
        if not (self.won or self.lost) and self.category == "closed":
            raise PolicyError.for_field(
                record,
                "category",
                self.category,
                "not 'closed' for an open stage",
                hint="Mark the stage won=True, or use 'commit' for an open stage.",
            )

    @property
    def is_open(self) -> bool:
        """Whether a deal in this stage is still being worked (neither won nor lost).

        >>> from salesmgmt.pipeline import Stage
        >>> Stage("Closed Lost", 0, category="omitted", lost=True).is_open
        False
        """
        return not (self.won or self.lost)


def _stages(value: object) -> tuple[Stage, ...]:
    items = check_iterable(value, record="StageModel", field="stages", max_items=1000)
    for index, item in enumerate(items):
        check_type(item, Stage, record="StageModel", field=f"stages[{index}]")
    return tuple(items)


@attrs.frozen
class StageModel:
    """The ordered stages of a sales process.

    Stage names are unique; there is at least one open stage, exactly one won
    stage and at least one lost stage. The order of ``stages`` is the order of
    the sales process (it defines "forward" and "backward" moves and the
    funnel); by convention the terminal stages come last.

    Raises:
        WrongType: ``stages`` is not an iterable of :class:`Stage`.
        PolicyError: duplicate names, no open stage, not exactly one won stage or
            no lost stage.

    >>> from salesmgmt.pipeline import Stage, StageModel
    >>> model = StageModel([
    ...     Stage("Open", "0.5", category="pipeline"),
    ...     Stage("Won", 1, category="closed", won=True),
    ...     Stage("Lost", 0, category="omitted", lost=True),
    ... ])
    >>> model.position("Won"), model.is_open("Open"), model.is_lost("Open")
    (1, True, False)
    >>> StageModel([Stage("Won", 1, category="closed", won=True)])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: StageModel: 'stages' must be at least one open stage,
    exactly one won stage and at least one lost stage (got ('Won',))
    """

    stages: tuple[Stage, ...] = attrs.field(converter=_stages)

    def __attrs_post_init__(self) -> None:
        names = [stage.name for stage in self.stages]
        if len(set(names)) != len(names):
            duplicate = next(name for name in names if names.count(name) > 1)
            raise PolicyError.for_field(
                "StageModel", "stages", duplicate, "stages with unique names"
            )
        opens = sum(stage.is_open for stage in self.stages)
        wins = sum(stage.won for stage in self.stages)
        losses = sum(stage.lost for stage in self.stages)
        if not opens or wins != 1 or not losses:
            raise PolicyError.for_field(
                "StageModel",
                "stages",
                tuple(names),
                "at least one open stage, exactly one won stage and at least one lost stage",
            )

    @classmethod
    def default(cls) -> StageModel:
        """The default five-step model with Salesforce-style probabilities.

        ========================  ===========  ==================
        stage                     probability  forecast category
        ========================  ===========  ==================
        Prospecting               10 %         pipeline
        Qualification             20 %         pipeline
        Proposal                  40 %         best_case
        Negotiation               60 %         best_case
        Commit                    80 %         commit
        Closed Won                100 %        closed
        Closed Lost               0 %          omitted
        ========================  ===========  ==================

        Salesforce ships each opportunity stage with a probability and a
        forecast category (early stages Pipeline, late stages Commit, Closed Won
        100 % Closed, Closed Lost 0 % Omitted); this model keeps that shape with
        five open steps. Replace it with your own :class:`StageModel`, or use
        :meth:`salesforce` for Salesforce's out-of-the-box picklist.

        >>> from salesmgmt.pipeline import StageModel
        >>> [str(stage.probability) for stage in StageModel.default().stages]
        ['0.1', '0.2', '0.4', '0.6', '0.8', '1', '0']
        """
        return cls(
            (
                Stage("Prospecting", Decimal("0.1"), category="pipeline"),
                Stage("Qualification", Decimal("0.2"), category="pipeline"),
                Stage("Proposal", Decimal("0.4"), category="best_case"),
                Stage("Negotiation", Decimal("0.6"), category="best_case"),
                Stage("Commit", Decimal("0.8"), category="commit"),
                Stage("Closed Won", Decimal(1), category="closed", won=True),
                Stage("Closed Lost", Decimal(0), category="omitted", lost=True),
            )
        )

    @classmethod
    def salesforce(cls) -> StageModel:
        """Salesforce's out-of-the-box opportunity stages (Sales Cloud picklist).

        Prospecting 10 %, Qualification 10 %, Needs Analysis 20 %, Value
        Proposition 50 %, Id. Decision Makers 60 %, Perception Analysis 70 %
        (Pipeline); Proposal/Price Quote 75 %, Negotiation/Review 90 % (Best Case
        and Commit); Closed Won 100 % (Closed); Closed Lost 0 % (Omitted).

        >>> from salesmgmt.pipeline import StageModel
        >>> len(StageModel.salesforce().stages), StageModel.salesforce().stages[6].name
        (10, 'Proposal/Price Quote')
        """
        rows = (
            ("Prospecting", "0.1", "pipeline"),
            ("Qualification", "0.1", "pipeline"),
            ("Needs Analysis", "0.2", "pipeline"),
            ("Value Proposition", "0.5", "pipeline"),
            ("Id. Decision Makers", "0.6", "pipeline"),
            ("Perception Analysis", "0.7", "pipeline"),
            ("Proposal/Price Quote", "0.75", "best_case"),
            ("Negotiation/Review", "0.9", "commit"),
        )
        return cls(
            (
                *(Stage(name, Decimal(p), category=c) for name, p, c in rows),
                Stage("Closed Won", Decimal(1), category="closed", won=True),
                Stage("Closed Lost", Decimal(0), category="omitted", lost=True),
            )
        )

    # -- cheap intrinsic queries ----------------------------------------------------------

    def stage(self, name: str) -> Stage:
        """The stage called ``name``.

        Raises:
            UnknownReference: no stage has that name.

        >>> from salesmgmt.pipeline import StageModel
        >>> StageModel.default().stage("Commit").category
        'commit'
        >>> StageModel.default().stage("Won")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.UnknownReference: StageModel: 'name' must be a stage of the model:
        'Prospecting', ... (got 'Won')
        """
        for stage in self.stages:
            if stage.name == name:
                return stage
        listed = ", ".join(repr(stage.name) for stage in self.stages)
        raise UnknownReference.for_field(
            "StageModel", "name", name, f"a stage of the model: {listed}"
        )

    def position(self, name: str) -> int:
        """The index of stage ``name`` in :attr:`stages` (0 for the first).

        >>> from salesmgmt.pipeline import StageModel
        >>> StageModel.default().position("Proposal")
        2
        """
        return self.stages.index(self.stage(name))

    def is_open(self, name: str) -> bool:
        """Whether stage ``name`` is open (neither won nor lost).

        >>> from salesmgmt.pipeline import StageModel
        >>> StageModel.default().is_open("Commit"), StageModel.default().is_open("Closed Won")
        (True, False)
        """
        return self.stage(name).is_open

    def is_won(self, name: str) -> bool:
        """Whether stage ``name`` is the won stage.

        >>> from salesmgmt.pipeline import StageModel
        >>> StageModel.default().is_won("Closed Won")
        True
        """
        return self.stage(name).won

    def is_lost(self, name: str) -> bool:
        """Whether stage ``name`` is a lost stage.

        >>> from salesmgmt.pipeline import StageModel
        >>> StageModel.default().is_lost("Closed Lost")
        True
        """
        return self.stage(name).lost

    @property
    def won_stage(self) -> Stage:
        """The one won stage.

        >>> from salesmgmt.pipeline import StageModel
        >>> StageModel.default().won_stage.name
        'Closed Won'
        """
        return next(stage for stage in self.stages if stage.won)


def stage_index(model: StageModel) -> dict[str, Stage]:
    """``{name: stage}`` for fast lookups inside one-pass metrics (private helper)."""
    return {stage.name: stage for stage in model.stages}


def check_model(model: object, *, record: str) -> StageModel:
    """``model`` if it is a :class:`StageModel` (private helper)."""
    return check_type(model, StageModel, record=record, field="model")
