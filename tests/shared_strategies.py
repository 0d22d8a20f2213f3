"""Strategies and helpers shared by more than one test module (STYLE rule 15).

The test modules import this as ``shared_strategies`` (pytest puts ``tests/`` on
``sys.path``). The package's own public strategies live in
:mod:`salesmgmt.strategies`; this module only narrows them for the tests.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from salesmgmt import Period
from salesmgmt.compensation import CreditLine
from salesmgmt.strategies._pipeline import opportunities

#: Up to 8 USD deals with unique ids and up to 4 history events, dated in 2025.
DEALS = st.lists(
    opportunities(
        currencies=st.just("USD"),
        attachments=False,
        max_events=4,
        min_value=dt.date(2025, 1, 1),
        max_value=dt.date(2025, 12, 31),
    ),
    max_size=8,
    unique_by=lambda deal: deal.opportunity_id,
)
#: Any window of days in 2025.
WINDOWS = st.builds(
    lambda a, b: Period(min(a, b), max(a, b)),
    st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
)
#: No replay, or a replay date around 2025.
AS_OF = st.none() | st.dates(dt.date(2024, 12, 1), dt.date(2026, 1, 31))


def consistent_facts(lines: list[CreditLine], *, positive: bool = False) -> list[CreditLine]:
    """The lines with one set of per-deal facts per deal id (the first line's), as
    ``payout`` requires; ``positive=True`` also makes every amount positive."""
    first: dict[str, CreditLine] = {}
    out = []
    for line in lines:
        facts = first.setdefault(line.opportunity_id, line)
        out.append(
            attrs.evolve(
                line,
                amount=abs(line.amount) if positive else line.amount,
                product=facts.product,
                segment=facts.segment,
                deal_type=facts.deal_type,
                term_months=facts.term_months,
            )
        )
    return out
