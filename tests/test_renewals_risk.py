"""Renewals at risk and score-change attribution (``salesmgmt.renewals``)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    Money,
    PolicyError,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.renewals import Subscription
from salesmgmt.renewals._health import HealthPolicy, HealthScore, SignalScore, health
from salesmgmt.renewals._risk import AtRiskRenewal, ScoreChange, explain_change, renewals_at_risk
from salesmgmt.renewals._signals import UsageSignal
from salesmgmt.strategies._health import at_risk_renewals, health_policies, score_changes

D = Decimal
AS_OF = dt.date(2025, 3, 31)


def on(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def sub(sid: str, account: str, mrr: int, ends: str, **options: object) -> Subscription:
    return Subscription(sid, account, Money(mrr, "USD"), on("2024-04-01"), on(ends), **options)  # type: ignore[arg-type]


# Only messages count, measured against the previous 4 weeks (own baseline = previous
# 4 weeks, no peers, no separate trend): score = 100 * min(recent / previous, 1).
OWN_ONLY = HealthPolicy(weights={"messages": 1}, baseline_weeks=4, peer_weight=0, trend_weight=0)
SIGNALS = [
    UsageSignal("A-1", "messages", on("2025-03-30"), 5),  # 5 vs 10 -> 50, risk 0.5
    UsageSignal("A-1", "messages", on("2025-02-20"), 10),
    UsageSignal("A-2", "messages", on("2025-03-30"), 8),  # 8 vs 10 -> 80, risk 0.2
    UsageSignal("A-2", "messages", on("2025-02-20"), 10),
    UsageSignal("A-4", "messages", on("2025-03-30"), 10),  # 10 vs 10 -> 100, risk 0
    UsageSignal("A-4", "messages", on("2025-02-20"), 10),
]  # A-3 has no signals: unknown risk 0.5
BOOK = [
    sub("S-1", "A-1", 1000, "2025-04-30"),  # 1000 x 0.5 = 500
    sub("S-2", "A-2", 3000, "2025-05-15"),  # 3000 x 0.2 = 600
    sub("S-3", "A-3", 400, "2025-04-10"),  # 400 x 0.5 (no score) = 200
    sub("S-4", "A-4", 2000, "2025-04-20"),  # 2000 x 0 = 0
    sub("S-5", "A-1", 900, "2025-06-30"),  # 91 days ahead: outside a 60-day horizon
    sub("S-6", "A-2", 700, "2025-04-15", cancelled_on=on("2025-03-15")),  # notice given
    sub("S-7", "A-2", 700, "2025-03-31"),  # ends on as_of: already due, not ahead
    Subscription("S-8", "A-1", Money(50, "USD"), on("2024-01-01")),  # open ended
]


class TestRenewalsAtRisk:
    def test_ranking_of_four_renewals(self) -> None:
        ranked = renewals_at_risk(BOOK, SIGNALS, AS_OF, 60, OWN_ONLY)
        rows = [(r.rank, r.subscription_id, r.score, r.risk, r.exposure) for r in ranked]
        assert rows == [
            (1, "S-2", D("80.00"), D("0.2"), Money(600, "USD")),
            (2, "S-1", D("50.00"), D("0.5"), Money(500, "USD")),
            (3, "S-3", None, D("0.5"), Money(200, "USD")),
            (4, "S-4", D("100.00"), D(0), Money(0, "USD")),
        ]
        first = ranked[0]
        assert (first.days_left, first.band) == (45, "green")  # 80 > 75
        assert first.drivers == ("messages down 20 % in 4 weeks (8 vs 10); score 80.00",)
        assert first.sentence.startswith(
            "Subscription 'S-2' of account 'A-2' ends on 2025-05-15, in 45 days:"
        )
        assert ranked[2].drivers[0].startswith("Account 'A-3' has no weighted usage signal")
        assert ranked[3].drivers == ()

    def test_notice_given_after_as_of_is_still_at_risk(self) -> None:
        late = [sub("S-6", "A-2", 700, "2025-04-15", cancelled_on=on("2025-04-02"))]
        assert [r.subscription_id for r in renewals_at_risk(late, [], AS_OF, 30)] == ["S-6"]
        known = [sub("S-6", "A-2", 700, "2025-04-15", cancelled_on=AS_OF)]
        assert renewals_at_risk(known, [], AS_OF, 30) == ()  # notice on as_of is known

    def test_horizon_is_inclusive(self) -> None:
        ids = [r.subscription_id for r in renewals_at_risk(BOOK, SIGNALS, AS_OF, 91, OWN_ONLY)]
        assert "S-5" in ids
        assert renewals_at_risk([], [], AS_OF, 30) == ()

    def test_ties_go_to_the_earlier_renewal(self) -> None:
        book = [sub("S-b", "A-9", 100, "2025-04-20"), sub("S-a", "A-9", 100, "2025-04-20")]
        book.append(sub("S-0", "A-9", 100, "2025-04-25"))
        ranked = renewals_at_risk(book, [], AS_OF, 30)
        assert [r.subscription_id for r in ranked] == ["S-a", "S-b", "S-0"]

    def test_errors(self) -> None:
        euro = Subscription("S-9", "A-1", Money(5, "EUR"), on("2024-01-01"), on("2025-04-02"))
        with pytest.raises(CurrencyMismatch, match="USD and EUR"):
            renewals_at_risk([*BOOK, euro], SIGNALS, AS_OF, 60)
        with pytest.raises(ValidationError, match="Subscription 'S-1': 'subscription_id'"):
            renewals_at_risk([BOOK[0], BOOK[0]], SIGNALS, AS_OF, 60)
        with pytest.raises(ValidationError, match="'horizon_days' must be an int from 1"):
            renewals_at_risk(BOOK, SIGNALS, AS_OF, 0)
        with pytest.raises(WrongType, match="'horizon_days'"):
            renewals_at_risk(BOOK, SIGNALS, AS_OF, 30.0)  # type: ignore[arg-type]
        with pytest.raises(WrongType, match=r"'subscriptions\[\]'"):
            renewals_at_risk(["S-1"], SIGNALS, AS_OF, 30)  # type: ignore[list-item]

    @given(
        st.lists(st.integers(0, 10**5), min_size=1, max_size=8),
        st.lists(st.integers(0, 20), min_size=8, max_size=8),
        st.randoms(use_true_random=False),
    )
    def test_ranked_by_exposure_and_order_free(
        self, mrrs: list[int], usage: list[int], rnd: random.Random
    ) -> None:
        book = [
            sub(f"S-{i}", f"A-{i % 4}", mrr, f"2025-04-{1 + i:02d}") for i, mrr in enumerate(mrrs)
        ]
        signals = [
            UsageSignal(f"A-{i % 4}", "messages", AS_OF - dt.timedelta(days=7 * (i // 4) * 5), v)
            for i, v in enumerate(usage)
        ]
        ranked = renewals_at_risk(book, signals, AS_OF, 30, OWN_ONLY)
        assert [r.rank for r in ranked] == list(range(1, len(book) + 1))
        exposures = [r.mrr.amount * r.risk for r in ranked]
        assert exposures == sorted(exposures, reverse=True)
        for r in ranked:
            assert D(0) <= r.risk <= D(1)
            assert abs(r.exposure.amount - r.mrr.amount * r.risk) <= D("0.005")
        rnd.shuffle(book)
        rnd.shuffle(signals)
        assert renewals_at_risk(book, signals, AS_OF, 30, OWN_ONLY) == ranked

    @given(at_risk_renewals())
    def test_strategy_rows_are_consistent(self, row: AtRiskRenewal) -> None:
        assert row.rank >= 1
        assert 1 <= row.days_left <= 90
        assert (row.score is None) == (row.band is None)

    def test_records_round_trip(self) -> None:
        ranked = list(renewals_at_risk(BOOK, SIGNALS, AS_OF, 60, OWN_ONLY))
        assert from_records(AtRiskRenewal, to_records(ranked)) == ranked


def scored(day: str, places: int = 2, **scores: tuple[int, int | str | None]) -> HealthScore:
    """A HealthScore from (weight, score) per kind, its score the rounded weighted mean."""
    signals = tuple(
        SignalScore(kind, D(w), score=None if s is None else D(s))
        for kind, (w, s) in scores.items()
    )
    used = [(D(w), D(s)) for w, s in scores.values() if s is not None and w]
    mean = sum(w * s for w, s in used) / sum(w for w, _ in used)
    return HealthScore("A-1", on(day), mean.quantize(D(1).scaleb(-places)), None, signals, "")


class TestExplainChange:
    @pytest.mark.parametrize(
        ("before", "after", "change", "points"),
        [
            # both days: 2*(30-90)/3 = -40 for views, 0 for messages; (240 -> 120)/3
            (
                {"views": (2, 90), "messages": (1, 60)},
                {"views": (2, 30), "messages": (1, 60)},
                D("-40.00"),
                {"views": D("-40.00"), "messages": D("0.00")},
            ),
            # inquiries stops reporting. before (160+50+20)/4 = 57.50; after 130/3 = 43.33
            # views 2*(40-80)/3 = -26.667; inquiries 1*(57.5-20)/3 = +12.50; sum -14.1667
            # rounded: -26.67 + 0 + 12.50 = -14.17 = 43.33 - 57.50
            (
                {"views": (2, 80), "messages": (1, 50), "inquiries": (1, 20)},
                {"views": (2, 40), "messages": (1, 50), "inquiries": (1, None)},
                D("-14.17"),
                {"views": D("-26.67"), "messages": D("0.00"), "inquiries": D("12.50")},
            ),
            # ad_clicks starts reporting at 90 above the old 50: (50+90)/2 = 70, +20 for it
            (
                {"views": (1, 50), "ad_clicks": (1, None)},
                {"views": (1, 50), "ad_clicks": (1, 90)},
                D("20.00"),
                {"views": D("0.00"), "ad_clicks": D("20.00")},
            ),
        ],
    )
    def test_examples(
        self, before: dict, after: dict, change: Decimal, points: dict[str, Decimal]
    ) -> None:
        result = explain_change(scored("2025-03-03", **before), scored("2025-03-31", **after))
        assert result is not None
        assert result.change == change
        assert {c.kind: c.points for c in result.contributions} == points
        assert sum(c.points for c in result.contributions) == result.change

    def test_sentence(self) -> None:
        result = explain_change(
            scored("2025-03-03", views=(2, 90), messages=(1, 60)),
            scored("2025-03-31", views=(2, 30), messages=(1, 60)),
        )
        assert result is not None
        assert result.sentence == (
            "Account 'A-1' fell from 80.00 on 2025-03-03 to 40.00 on 2025-03-31:"
            " views -40.00 (score 90 → 30)."
        )

    @given(score_changes())
    def test_contributions_sum_exactly_to_the_change(self, change: ScoreChange) -> None:
        assert change.change == change.score_after - change.score_before
        assert sum((c.points for c in change.contributions), D(0)) == change.change

    @given(health_policies(), st.lists(st.integers(0, 40), min_size=12, max_size=12))
    def test_real_scores_split_exactly(self, policy: HealthPolicy, values: list[int]) -> None:
        kinds = [k for k, w in policy.weights if w]
        points = [
            UsageSignal(f"A-{i % 2}", kinds[i % len(kinds)], AS_OF - dt.timedelta(days=9 * i), v)
            for i, v in enumerate(values)
        ]
        points += [UsageSignal(a, kinds[0], AS_OF, 1) for a in ("A-0", "A-1")]
        before = health("A-0", points, AS_OF - dt.timedelta(days=30), policy)
        after = health("A-0", points, AS_OF, policy)
        result = explain_change(before, after)
        if before.score is None:
            assert result is None
            return
        assert result is not None
        assert sum((c.points for c in result.contributions), D(0)) == result.change
        unchanged = {
            b.kind
            for b, a in zip(before.signals, after.signals, strict=True)
            if b.score is not None and b.score == a.score
        }
        for c in result.contributions:
            if c.kind in unchanged:
                assert abs(c.points) <= D(1).scaleb(-policy.places)  # only the rounding unit

    def test_rounding_down_is_split_too(self) -> None:
        # before: mean (10 + 11)/2 = 10.5 shown as 11; after: (20 + 21)/2 = 20.5 shown
        # as 20 (rounded half down by hand). The exact shares are +5 and +5 but the
        # shown change is 9: one share gives back the unit.
        before = HealthScore("A-1", on("2025-03-03"), D(11), None, (
            SignalScore("views", D(1), score=D(10)), SignalScore("messages", D(1), score=D(11))
        ), "")  # fmt: skip
        after = HealthScore("A-1", on("2025-03-31"), D(20), None, (
            SignalScore("views", D(1), score=D(20)), SignalScore("messages", D(1), score=D(21))
        ), "")  # fmt: skip
        result = explain_change(before, after)
        assert result is not None
        assert result.change == 9
        assert sorted(c.points for c in result.contributions) == [4, 5]

    @given(
        st.lists(st.tuples(st.integers(0, 5), st.none() | st.integers(0, 100)), min_size=1,
                 max_size=5),
        st.lists(st.integers(0, 100), min_size=5, max_size=5),
        st.integers(0, 3),
        st.integers(-60, 60),
    )  # fmt: skip
    def test_hand_built_scores_split_exactly_or_are_refused(
        self,
        before: list[tuple[int, int | None]],
        after: list[int],
        places: int,
        nudge: int,
    ) -> None:
        # any pair of hand-built scores: explain_change either refuses a score that is
        # not its signals' weighted mean, or splits the change exactly
        kinds = [f"k{i}" for i in range(len(before))]
        old = {k: (w, s) for k, (w, s) in zip(kinds, before, strict=True)}
        new = {k: (w, a) for k, (w, _), a in zip(kinds, before, after, strict=False)}
        if not any(w and s is not None for w, s in old.values()) or not any(
            w for w, _ in new.values()
        ):
            return
        first = scored("2025-03-03", places, **old)
        second = scored("2025-03-31", places, **new)
        assert first.score is not None
        shifted = attrs.evolve(first, score=first.score + D(nudge).scaleb(-places - 1))
        used = [(w, s) for w, s in old.values() if w and s is not None]
        mean = Fraction(sum(w * s for w, s in used), sum(w for w, _ in used))
        exponent = shifted.score.as_tuple().exponent  # type: ignore[union-attr]
        half_unit = Fraction(1, 2 * 10 ** max(-int(exponent), 0))
        if abs(Fraction(shifted.score) - mean) > half_unit:  # type: ignore[arg-type]
            with pytest.raises(ValidationError, match=r"'before\.score' must be the weighted"):
                explain_change(shifted, second)
            return
        result = explain_change(shifted, second)
        assert result is not None
        assert sum((c.points for c in result.contributions), D(0)) == result.change

    def test_inconsistent_hand_built_score_is_refused(self) -> None:
        wrong = attrs.evolve(scored("2025-03-03", views=(1, 100), messages=(1, 100)), score=D(0))
        with pytest.raises(ValidationError, match=r"'before\.score' must be the weighted mean"):
            explain_change(wrong, scored("2025-03-31", views=(1, 0), messages=(1, 100)))

    def test_no_score_gives_none(self) -> None:
        empty = HealthScore("A-1", AS_OF, None, None, (SignalScore("views", D(1)),), "")
        assert explain_change(empty, scored("2025-03-31", views=(1, 50))) is None

    def test_errors(self) -> None:
        other = HealthScore("A-2", AS_OF, D(50), "red", (SignalScore("views", D(1)),), "")
        with pytest.raises(ValidationError, match="a score of account 'A-1'"):
            explain_change(scored("2025-03-03", views=(1, 50)), other)
        with pytest.raises(PolicyError, match="same catalogue and weights"):
            explain_change(
                scored("2025-03-03", views=(1, 50)), scored("2025-03-31", views=(2, 50))
            )
        with pytest.raises(WrongType, match="'before'"):
            explain_change(None, other)  # type: ignore[arg-type]
        hollow = HealthScore("A-1", AS_OF, D(50), "red", (SignalScore("views", D(1)),), "")
        with pytest.raises(ValidationError, match=r"'before\.signals'"):
            explain_change(hollow, scored("2025-03-31", views=(1, 50)))
        tiny = HealthScore("A-1", AS_OF, D("1E-1000"), "red", (), "")
        with pytest.raises(ValidationError, match=r"'before\.score'"):
            explain_change(tiny, scored("2025-03-31", views=(1, 50)))

    def test_records_round_trip(self) -> None:
        result = explain_change(
            scored("2025-03-03", views=(2, 90), messages=(1, 60)),
            scored("2025-03-31", views=(2, 30), messages=(1, 60)),
        )
        assert result is not None
        assert from_records(ScoreChange, to_records([result])) == [result]
