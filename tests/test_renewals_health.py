"""Usage signals, health policies, weighted scores and health (``salesmgmt.renewals``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    PolicyError,
    UnknownReference,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.renewals._health import (
    HealthPolicy,
    HealthScore,
    health,
    score_accounts,
    score_tally,
    tally_signals,
    weighted_score,
)
from salesmgmt.renewals._signals import (
    DEFAULT_KINDS,
    GAINSIGHT_BANDS,
    HealthBand,
    SignalCatalogue,
    SignalTally,
    SignalWindow,
    UsageSignal,
    merge_signal_tallies,
)
from salesmgmt.strategies._health import (
    health_policies,
    health_scores,
    signal_catalogues,
    usage_signals,
)

D = Decimal
AS_OF = dt.date(2025, 3, 31)


def on(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def sig(account: str, kind: str, day: str, value: int) -> UsageSignal:
    return UsageSignal(account, kind, on(day), value)


@st.composite
def books(
    draw: st.DrawFn, max_points: int = 30
) -> tuple[HealthPolicy, dt.date, list[UsageSignal]]:
    """A policy, an as_of and signals near it (some outside the windows)."""
    policy = draw(health_policies())
    as_of = draw(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2049, 1, 1)))
    span = 7 * (policy.trend_weeks + max(policy.trend_weeks, policy.baseline_weeks)) + 14
    points = draw(
        st.lists(
            usage_signals(
                accounts=st.integers(0, 3).map(lambda i: f"A-{i}"),
                kinds=st.sampled_from(policy.catalogue.kinds),
                values=st.integers(0, 50),
                min_value=as_of - dt.timedelta(days=span),
                max_value=as_of + dt.timedelta(days=3),
            ),
            max_size=max_points,
        )
    )
    return policy, as_of, points


# -- the worked example ------------------------------------------------------------------

#: Weights 3/2/1/2; page_clicks is weighted but account A has none (missing).
EXAMPLE_POLICY = HealthPolicy(
    weights={"contact_views": 3, "messages": 2, "inquiries": 1, "page_clicks": 2},
    trend_weeks=4,
    baseline_weeks=8,
)
# as_of 2025-03-31: recent = 03-04..03-31, previous = 02-04..03-03,
# baseline = 01-07..03-03 (8 weeks).
EXAMPLE_SIGNALS = [
    sig("A", "contact_views", "2025-03-31", 12),
    sig("A", "contact_views", "2025-02-10", 30),
    sig("A", "contact_views", "2025-01-20", 18),
    sig("A", "messages", "2025-03-20", 10),
    sig("A", "messages", "2025-02-10", 10),
    sig("A", "messages", "2025-01-20", 10),
    sig("A", "inquiries", "2025-03-31", 0),
    sig("A", "inquiries", "2025-02-10", 2),
    sig("B", "contact_views", "2025-03-30", 20),
    sig("B", "messages", "2025-03-30", 10),
    sig("C", "contact_views", "2025-03-29", 4),
    sig("C", "contact_views", "2025-04-01", 99),  # after as_of: ignored
    sig("C", "page_clicks", "2024-01-01", 99),  # older than the look-back: ignored
]


class TestWorkedExample:
    def test_signal_scores(self) -> None:
        h = health("A", EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        by_kind = {s.kind: s for s in h.signals}
        views = by_kind["contact_views"]
        # own: recent 12 / 4 weeks = 3 a week vs baseline (30 + 18) / 8 = 6 a week -> 50
        # peer: A's 12 among [4, 12, 20]: 1 below, no tie, 2 others -> 50
        # trend: 12 vs 30 -> 40 ; score (50 + 50 + 40) / 3 = 46.666... -> 46.67
        assert (views.recent, views.previous, views.baseline) == (D(12), D(30), D(48))
        assert (views.own_score, views.peer_score, views.trend_score) == (
            D("50.00"),
            D("50.00"),
            D("40.00"),
        )
        assert views.score == D("46.67")
        assert views.sentence == "contact views down 60 % in 4 weeks (12 vs 30); score 46.67"
        # messages: own 2.5 vs 20/8 = 2.5 a week -> 100; peer: tie with B's 10 -> 50;
        # trend 10 vs 10 -> 100 ; (100 + 50 + 100) / 3 = 83.33
        assert by_kind["messages"].score == D("83.33")
        assert by_kind["messages"].sentence.startswith("messages flat over 4 weeks")
        # inquiries: recent 0 vs baseline 2 -> 0, no peer, trend 0 -> 0
        assert by_kind["inquiries"].score == D("0.00")
        assert by_kind["inquiries"].peer_score is None
        # page_clicks: weighted, but no data for A -> missing (not zero)
        assert by_kind["page_clicks"].score is None
        assert "no data" in by_kind["page_clicks"].sentence

    def test_health_score(self) -> None:
        h = health("A", EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        # (3 * 46.67 + 2 * 83.33 + 1 * 0) / (3 + 2 + 1) = 306.67 / 6 = 51.111... -> 51.11
        assert h.score == D("51.11")
        assert h.band == "yellow"  # Gainsight: 50 < 51.11 <= 75
        assert "3 of 4 weighted signals" in h.sentence

    def test_missing_signal_is_not_zero(self) -> None:
        # scoring page_clicks as 0 would give 306.67 / 8 = 38.33 (red)
        h = health("A", EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        assert h.score != D("38.33")


class TestWindows:
    @pytest.mark.parametrize(
        ("day", "window"),
        [
            # as_of 2025-03-31, 4 trend weeks, 8 baseline weeks (EXAMPLE_POLICY)
            ("2025-03-31", "recent"),  # age 0
            ("2025-03-04", "recent"),  # age 27
            ("2025-03-03", "previous+baseline"),  # age 28
            ("2025-02-04", "previous+baseline"),  # age 55
            ("2025-02-03", "baseline"),  # age 56
            ("2025-01-07", "baseline"),  # age 83 = 28 + 56 - 1
            ("2025-01-06", "ignored"),  # age 84
            ("2025-04-01", "ignored"),  # after as_of
        ],
    )
    def test_window_edges(self, day: str, window: str) -> None:
        h = health("A", [sig("A", "messages", day, 7)], AS_OF, EXAMPLE_POLICY)
        s = next(s for s in h.signals if s.kind == "messages")
        if window == "ignored":
            assert s.recent is None
            return
        assert s.recent == (7 if window == "recent" else 0)
        assert s.previous == (7 if "previous" in window else 0)
        assert s.baseline == (7 if "baseline" in window else 0)

    def test_short_baseline(self) -> None:
        # trend 4 weeks, baseline 1 week: age 35 is in the previous window only
        policy = HealthPolicy(trend_weeks=4, baseline_weeks=1)
        h = health("A", [sig("A", "messages", "2025-02-24", 7)], AS_OF, policy)
        s = next(s for s in h.signals if s.kind == "messages")
        assert (s.recent, s.previous, s.baseline) == (0, 7, 0)


class TestWeightedScore:
    @pytest.mark.parametrize(
        ("scores", "weights", "expected"),
        [
            # (80*2 + 50*1) / 3 = 70 ; "support" is None and drops out
            ({"u": D(80), "s": None, "n": D(50)}, {"u": D(2), "s": D(5), "n": D(1)}, D(70)),
            ({"u": D(80)}, {"u": D(1), "extra": D(9)}, D(80)),  # a weight without a score
            ({"u": D(10), "n": D(20)}, {"u": D(0), "n": D(1)}, D(20)),
            ({"u": None}, {"u": D(1)}, None),
            ({}, {}, None),
            ({"u": D(50)}, {"u": D(0)}, None),  # nothing with a positive weight left
            # 100 / 3, rounded once to 40 significant digits
            (
                {"a": D(100), "b": D(0), "c": D(0)},
                {"a": 1, "b": 1, "c": 1},
                D("33.33333333333333333333333333333333333333"),
            ),
        ],
    )
    def test_examples(self, scores: dict, weights: dict, expected: Decimal | None) -> None:
        result = weighted_score(scores, weights)
        assert result == expected

    @given(
        st.dictionaries(
            st.sampled_from("abcdef"),
            st.one_of(st.none(), st.integers(0, 100).map(D)),
            min_size=1,
        ),
        st.lists(st.integers(0, 9), min_size=6, max_size=6),
        st.integers(1, 10**6),
    )
    def test_none_drops_out_and_scale_does_not_matter(
        self, scores: dict[str, Decimal | None], raw: list[int], factor: int
    ) -> None:
        weights = {k: D(w) for k, w in zip("abcdef", raw, strict=True)}
        result = weighted_score(scores, weights)
        rest = {k: v for k, v in scores.items() if v is not None}
        assert weighted_score(rest, weights) == result
        assert weighted_score(scores, {k: w * factor for k, w in weights.items()}) == result
        assert weighted_score(dict(reversed(scores.items())), weights) == result
        present = [v for k, v in rest.items() if weights[k]]
        if present:
            assert result is not None
            assert min(present) <= result <= max(present)
        else:
            assert result is None

    def test_errors(self) -> None:
        with pytest.raises(UnknownReference, match="'weights' must be a weight for every score"):
            weighted_score({"a": D(1)}, {"b": D(1)})
        with pytest.raises(ValidationError, match=r"weights\['a'\]' must be at least 0"):
            weighted_score({"a": D(1)}, {"a": D(-1)})
        with pytest.raises(WrongType):
            weighted_score({"a": 0.5}, {"a": D(1)})  # type: ignore[dict-item]
        with pytest.raises(WrongType):
            weighted_score([("a", D(1))], {"a": D(1)})  # type: ignore[arg-type]


class TestPolicy:
    def test_defaults(self) -> None:
        policy = HealthPolicy()
        assert policy.catalogue.kinds == DEFAULT_KINDS
        assert all(w == 1 for _, w in policy.weights)
        assert policy.bands == GAINSIGHT_BANDS
        assert (policy.trend_weeks, policy.baseline_weeks, policy.places) == (4, 12, 2)

    @pytest.mark.parametrize(
        ("score", "band"),
        # Gainsight: 0-50 red, 51-75 yellow, 76-100 green; a range's "from" value
        # belongs to the range below (Scorecards 2.0 FAQs)
        [
            (0, "red"),
            (50, "red"),
            (D("50.01"), "yellow"),
            (75, "yellow"),
            (76, "green"),
            (100, "green"),
        ],
    )
    def test_gainsight_bands(self, score: Decimal, band: str) -> None:
        assert HealthPolicy().band(score) == band

    @given(health_policies(), st.integers(0, 10**6).map(lambda n: D(n) / 10**4))
    def test_bands_partition_0_to_100(self, policy: HealthPolicy, score: Decimal) -> None:
        lows = [D(-1)] + [b.max_score for b in policy.bands[:-1]]
        holding = [
            b.name
            for low, b in zip(lows, policy.bands, strict=True)
            if (low < score or (low == -1 and score >= 0)) and score <= b.max_score
        ]
        assert holding == [policy.band(score)]

    @pytest.mark.parametrize(
        ("options", "error", "match"),
        [
            ({"weights": {"logins": 1}}, PolicyError, "kinds from the catalogue"),
            ({"weights": {"messages": 0}}, PolicyError, "at least one weight above 0"),
            ({"weights": {"messages": -1}}, PolicyError, "at least 0"),
            ({"weights": {"messages": 0.5}}, WrongType, "weights"),
            ({"trend_weeks": 0}, ValidationError, "trend_weeks"),
            ({"own_weight": 0, "peer_weight": 0, "trend_weight": 0}, PolicyError, "own_weight"),
            ({"bands": [HealthBand("low", 60)]}, PolicyError, "last max_score is 100"),
            (
                {"bands": [HealthBand("a", 60), HealthBand("b", 50), HealthBand("c", 100)]},
                PolicyError,
                "strictly increasing",
            ),
            ({"unknown_risk": 2}, PolicyError, "between 0 and 1"),
            ({"catalogue": "messages"}, WrongType, "catalogue"),
        ],
    )
    def test_errors(self, options: dict, error: type[Exception], match: str) -> None:
        with pytest.raises(error, match=match):
            HealthPolicy(**options)

    def test_catalogue_errors(self) -> None:
        with pytest.raises(ValidationError, match="each kind listed once"):
            SignalCatalogue(["a", "a"])
        with pytest.raises(ValidationError, match="at least one signal kind"):
            SignalCatalogue([])


class TestUsageSignal:
    def test_errors_name_the_account(self) -> None:
        with pytest.raises(WrongType, match=r"UsageSignal for account 'A-9': 'value'"):
            UsageSignal("A-9", "messages", AS_OF, 1.5)  # type: ignore[arg-type]
        with pytest.raises(WrongType, match=r"UsageSignal for account 'A-9': 'on'"):
            UsageSignal("A-9", "messages", "2025-01-01", 1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'account_id'"):
            UsageSignal("", "messages", AS_OF, 1)

    def test_unknown_kind_is_refused_when_scored(self) -> None:
        with pytest.raises(UnknownReference, match="UsageSignal for account 'A': 'kind'"):
            health("A", [sig("A", "logins", "2025-03-31", 1)], AS_OF)

    def test_records_round_trip(self) -> None:
        # records.py treats a first field ending in "_id" as a unique row key, so a
        # list of several points of one account is refused; row by row it round-trips
        for point in EXAMPLE_SIGNALS:
            assert from_records(UsageSignal, to_records([point])) == [point]


class TestHealth:
    @given(health_scores())
    def test_score_in_0_to_100(self, h: HealthScore) -> None:
        assert h.score is None or D(0) <= h.score <= D(100)
        for s in h.signals:
            for part in (s.own_score, s.peer_score, s.trend_score, s.score):
                assert part is None or D(0) <= part <= D(100)

    @given(books(), st.data())
    def test_monotone_in_each_positively_weighted_signal(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]], data: st.DataObject
    ) -> None:
        policy, as_of, points = book
        kind = data.draw(st.sampled_from([k for k, w in policy.weights if w]))
        extra = data.draw(st.integers(1, 100))
        before = health("A-0", points, as_of, policy)
        present = next(s for s in before.signals if s.kind == kind).recent is not None
        after = health("A-0", [*points, UsageSignal("A-0", kind, as_of, extra)], as_of, policy)
        if present and before.score is not None:
            assert after.score is not None
            assert after.score >= before.score
            signal_before = next(s for s in before.signals if s.kind == kind)
            signal_after = next(s for s in after.signals if s.kind == kind)
            if signal_before.score is not None:
                assert signal_after.score is not None
                assert signal_after.score >= signal_before.score

    @given(books(), st.randoms())
    def test_order_does_not_matter(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]], rnd: object
    ) -> None:
        policy, as_of, points = book
        shuffled = list(points)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]
        assert score_accounts(shuffled, as_of, policy) == score_accounts(points, as_of, policy)

    @given(books())
    def test_many_accounts_equal_one_at_a_time(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]]
    ) -> None:
        policy, as_of, points = book
        for h in score_accounts(points, as_of, policy):
            assert h == health(h.account_id, points, as_of, policy)

    @given(books(), st.integers(2, 7))
    def test_scaling_every_value_changes_nothing(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]], factor: int
    ) -> None:
        # own and trend are ratios, peer is a rank: all three are scale-free
        policy, as_of, points = book
        scaled = [UsageSignal(p.account_id, p.kind, p.on, p.value * factor) for p in points]
        scores = [h.score for h in score_accounts(points, as_of, policy)]
        assert [h.score for h in score_accounts(scaled, as_of, policy)] == scores

    @given(books())
    def test_weighting_a_missing_signal_changes_nothing(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]]
    ) -> None:
        policy, as_of, points = book
        wider = SignalCatalogue([*policy.catalogue.kinds, "never_sent"])
        weights = {**dict(policy.weights), "never_sent": D(7)}
        other = HealthPolicy(
            wider,
            weights,
            trend_weeks=policy.trend_weeks,
            baseline_weeks=policy.baseline_weeks,
            own_weight=policy.own_weight,
            peer_weight=policy.peer_weight,
            trend_weight=policy.trend_weight,
            full_ratio=policy.full_ratio,
            bands=policy.bands,
            places=policy.places,
        )
        before = [h.score for h in score_accounts(points, as_of, policy)]
        assert [h.score for h in score_accounts(points, as_of, other)] == before

    @given(books())
    def test_score_is_the_weighted_mean_of_the_breakdown(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]]
    ) -> None:
        policy, as_of, points = book
        for h in score_accounts(points, as_of, policy):
            mean = weighted_score(
                {s.kind: s.score for s in h.signals}, {s.kind: s.weight for s in h.signals}
            )
            if mean is None:
                assert h.score is None
            else:
                exact = Fraction(mean)
                assert h.score is not None
                assert abs(Fraction(h.score) - exact) <= Fraction(1, 2 * 10**policy.places)

    def test_no_signals_gives_no_score(self) -> None:
        h = health("Z", EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        assert (h.score, h.band) == (None, None)
        assert h.sentence.startswith("Account 'Z' has no weighted usage signal")
        assert score_accounts([], AS_OF) == ()

    def test_segments_choose_the_peers(self) -> None:
        policy = HealthPolicy(weights={"messages": 1}, own_weight=0, trend_weight=0)
        points = [sig("A", "messages", "2025-03-31", 5), sig("B", "messages", "2025-03-31", 9)]
        points.append(sig("C", "messages", "2025-03-31", 1))
        # all peers: A's 5 among [1, 5, 9] -> 1 below of 2 others = 50
        assert health("A", points, AS_OF, policy).score == D("50.00")
        # segment {A, C}: A's 5 among [1, 5] -> 1 below of 1 other = 100
        segments = {"A": "smb", "B": "ent", "C": "smb"}
        assert health("A", points, AS_OF, policy, segments=segments).score == D("100.00")
        # a segment of one has no peer: the peer measure drops out, no score is left
        assert health("B", points, AS_OF, policy, segments=segments).score is None
        with pytest.raises(UnknownReference, match="Account 'C': 'segment'"):
            health("A", points, AS_OF, policy, segments={"A": "smb", "B": "ent"})

    def test_argument_errors(self) -> None:
        with pytest.raises(WrongType, match=r"health\(\): 'as_of'"):
            health("A", [], "2025-03-31")  # type: ignore[arg-type]
        with pytest.raises(WrongType, match=r"health\(\): 'policy'"):
            health("A", [], AS_OF, {"messages": 1})  # type: ignore[arg-type]
        with pytest.raises(WrongType, match=r"'signals\[\]'"):
            health("A", [("A", "messages", AS_OF, 1)], AS_OF)

    def test_catalogue_strategy_round_trip(self) -> None:
        @given(signal_catalogues())
        def check(catalogue: SignalCatalogue) -> None:
            assert from_records(SignalCatalogue, to_records([catalogue])) == [catalogue]

        check()

    def test_records_round_trip(self) -> None:
        scores = list(score_accounts(EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY))
        assert from_records(HealthScore, to_records(scores)) == scores
        assert from_records(HealthPolicy, to_records([EXAMPLE_POLICY])) == [EXAMPLE_POLICY]


class TestTally:
    @given(books(), st.data())
    def test_merged_halves_equal_the_whole(
        self, book: tuple[HealthPolicy, dt.date, list[UsageSignal]], data: st.DataObject
    ) -> None:
        policy, as_of, points = book
        cut = data.draw(st.integers(0, len(points)))
        left = tally_signals(points[:cut], as_of, policy)
        right = tally_signals(points[cut:], as_of, policy)
        whole = tally_signals(points, as_of, policy)
        assert merge_signal_tallies(left, right) == whole
        assert merge_signal_tallies(right, left) == whole
        assert score_tally(merge_signal_tallies(left, right), policy) == score_accounts(
            points, as_of, policy
        )

    @given(
        st.lists(
            usage_signals(
                accounts=st.sampled_from(["A", "B"]),
                kinds=st.sampled_from(["messages", "inquiries"]),
                values=st.integers(0, 9),
                min_value=AS_OF - dt.timedelta(days=120),
                max_value=AS_OF,
            ),
            min_size=2,
        ),
        st.data(),
    )
    def test_merge_adds_every_window(self, points: list[UsageSignal], data: st.DataObject) -> None:
        # a dense book (2 accounts, 2 kinds): the halves share most keys
        cut = data.draw(st.integers(1, len(points) - 1))
        merged = merge_signal_tallies(
            tally_signals(points[:cut], AS_OF), tally_signals(points[cut:], AS_OF)
        )
        assert merged == tally_signals(points, AS_OF)

    def test_example(self) -> None:
        tally = tally_signals(EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        views = next(w for w in tally.windows if (w.account_id, w.kind) == ("A", "contact_views"))
        assert (views.recent, views.previous, views.baseline) == (12, 30, 48)
        # C's point after as_of and its page clicks older than the look-back leave no window
        assert [w.kind for w in tally.windows if w.account_id == "C"] == ["contact_views"]
        assert score_tally(tally, EXAMPLE_POLICY)[0].score == D("51.11")

    def test_errors(self) -> None:
        tally = tally_signals(EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        later = tally_signals(EXAMPLE_SIGNALS, AS_OF + dt.timedelta(days=1), EXAMPLE_POLICY)
        with pytest.raises(ValidationError, match=r"'second.as_of' must be equal to first.as_of"):
            merge_signal_tallies(tally, later)
        with pytest.raises(ValidationError, match=r"'tally.baseline_weeks'"):
            score_tally(tally, HealthPolicy())
        with pytest.raises(ValidationError, match="one window per"):
            SignalTally(AS_OF, 4, 12, [SignalWindow("A", "m", 1, 1, 1)] * 2)
        with pytest.raises(ValidationError, match="SignalWindow for account 'A': 'sum'"):
            SignalWindow("A", "messages", -1, 0, 0)
        with pytest.raises(UnknownReference, match="'kind'"):
            score_tally(SignalTally(AS_OF, 4, 12, [SignalWindow("A", "m", 1, 1, 1)]))

    def test_records_round_trip(self) -> None:
        tally = tally_signals(EXAMPLE_SIGNALS, AS_OF, EXAMPLE_POLICY)
        assert from_records(SignalTally, to_records([tally])) == [tally]
