"""The org chart: reps, teams, validation, members, chain of command, roll-ups
(``salesmgmt.org``)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    Money,
    Period,
    PolicyError,
    UnknownReference,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.org import ROLES, OrgChart, Rep, Team, merge_rollups
from salesmgmt.strategies import dates
from salesmgmt.strategies._org import org_charts, org_ids, reps, teams

D = Decimal
CNY = "CNY"
JUNE = dt.date(2025, 6, 30)

# -- the worked example: a small company ---------------------------------------------------
#
#   T-CN  China Sales        director D-1 Chen Jie
#   ├── T-EAST  East Region  manager  M-E Li Na:    R-1 Zhang Wei, R-2 Liu Yang,
#   │                                               R-3 Zhao Min (left 2025-06-30)
#   └── T-SOUTH South Region manager  M-S Wang Fang: R-4 Sun Hao,
#                                                   R-5 Zhou Qing (hired 2025-03-10)

COMPANY_REPS = (
    Rep("D-1", "Chen Jie", "T-CN", role="director"),
    Rep("M-E", "Li Na", "T-EAST", role="manager"),
    Rep("M-S", "Wang Fang", "T-SOUTH", role="manager", hired_on=dt.date(2021, 9, 1)),
    Rep("R-1", "Zhang Wei", "T-EAST", hired_on=dt.date(2023, 2, 1)),
    Rep("R-2", "Liu Yang", "T-EAST"),
    Rep("R-3", "Zhao Min", "T-EAST", hired_on=dt.date(2022, 5, 16), left_on=JUNE),
    Rep("R-4", "Sun Hao", "T-SOUTH"),
    Rep("R-5", "Zhou Qing", "T-SOUTH", hired_on=dt.date(2025, 3, 10)),
)
COMPANY_TEAMS = (
    Team("T-CN", "China Sales", manager_id="D-1"),
    Team("T-EAST", "East Region", parent_id="T-CN"),
    Team("T-SOUTH", "South Region", parent_id="T-CN", manager_id="M-S"),
)
COMPANY = OrgChart(COMPANY_REPS, COMPANY_TEAMS)

# June 2025 bookings (CNY). R-3 booked in June, her last month; nobody else left.
JUNE_BOOKINGS = {
    "R-1": Money("120000.00", CNY),
    "R-2": Money("85500.50", CNY),
    "R-3": Money("40000.00", CNY),
    "R-4": Money("200000.00", CNY),
    "R-5": Money("60250.25", CNY),
}


def ids(values: tuple[Any, ...]) -> list[str]:
    return [v.rep_id if isinstance(v, Rep) else v.team_id for v in values]


@attrs.frozen
class Tally:
    """A mergeable tally: deals won and their minor units, as a KPI would keep it."""

    won: int
    units: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.won + other.won, self.units + other.units)


@st.composite
def charts_with_values(
    draw: st.DrawFn, values: st.SearchStrategy[Any]
) -> tuple[OrgChart, dict[str, Any]]:
    chart = draw(org_charts(max_teams=8, max_reps=20))
    if not chart.reps:
        return chart, {}
    chosen = draw(st.lists(st.sampled_from([r.rep_id for r in chart.reps]), unique=True))
    return chart, {rep_id: draw(values) for rep_id in chosen}


cny = st.integers(-(10**12), 10**12).map(lambda units: Money.from_minor_units(units, CNY))
plain_values = st.one_of(
    st.just(cny),
    st.just(st.integers(-(10**9), 10**9)),
    st.just(st.decimals(min_value=-1000, max_value=1000, places=3)),
    st.just(st.builds(Tally, st.integers(0, 50), st.integers(0, 10**6))),
    st.just(st.fractions(max_denominator=12)),
)


@st.composite
def any_charts_with_values(draw: st.DrawFn) -> tuple[OrgChart, dict[str, Any]]:
    return draw(charts_with_values(draw(plain_values)))


def naive_rollup(chart: OrgChart, values: dict[str, Any]) -> dict[str, Any]:
    """Per team, the sum over every rep whose team is it or below (a per-team scan)."""
    result: dict[str, Any] = {}
    for team in chart.teams:
        inside = {team.team_id} | {t.team_id for t in chart.subteams(team.team_id)}
        found = [v for rep_id, v in sorted(values.items()) if chart.rep(rep_id).team_id in inside]
        if found:
            acc = found[0]
            for value in found[1:]:
                acc = acc + value
            result[team.team_id] = acc
    return result


class TestRep:
    def test_fields_and_defaults(self) -> None:
        rep = Rep("R-1", "Zhang Wei", "T-EAST")
        assert (rep.role, rep.hired_on, rep.left_on) == ("rep", None, None)
        assert set(ROLES) == {"rep", "manager", "director"}

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            ({"rep_id": ""}, ValidationError, "Rep: 'rep_id' must be a non-empty string"),
            ({"rep_id": " R-1"}, ValidationError, "Hint: Use 'R-1'"),
            ({"rep_id": "R\n1"}, ValidationError, "printable"),
            ({"rep_id": "R" * 65}, ValidationError, "at most 64"),
            ({"rep_id": 17}, WrongType, "'rep_id' must be a string"),
            ({"name": ""}, ValidationError, "Rep 'R-1': 'name' must be a non-empty string"),
            ({"team_id": None}, WrongType, "Rep 'R-1': 'team_id'"),
            ({"role": "boss"}, ValidationError, "'role' must be one of 'rep', 'manager'"),
            ({"role": "Manager"}, ValidationError, "'role'"),
            ({"hired_on": "2025-01-01"}, WrongType, "'hired_on' must be a datetime.date"),
            ({"left_on": dt.datetime(2025, 1, 1)}, WrongType, "not a datetime"),
            (
                {"hired_on": dt.date(2025, 3, 10), "left_on": dt.date(2025, 3, 9)},
                ValidationError,
                "Rep 'R-1': 'left_on' must be on or after hired_on=datetime.date(2025, 3, 10)",
            ),
        ],
    )
    def test_refuses_bad_fields_naming_the_rep(
        self, kwargs: dict[str, Any], error: type[Exception], message: str
    ) -> None:
        fields = {"rep_id": "R-1", "name": "Zhang Wei", "team_id": "T-EAST", **kwargs}
        with pytest.raises(error) as info:
            Rep(**fields)
        assert message in str(info.value)

    def test_one_day_tenure_is_allowed(self) -> None:
        day = dt.date(2025, 3, 10)
        rep = Rep("R-1", "Temp", "T-1", hired_on=day, left_on=day)
        assert rep.is_active(day)
        assert not rep.is_active(day + dt.timedelta(days=1))

    # R-5 hired 2025-03-10 (first day inclusive); R-3 left 2025-06-30 (last day inclusive).
    @pytest.mark.parametrize(
        ("rep_id", "day", "active"),
        [
            ("R-5", dt.date(2025, 3, 9), False),
            ("R-5", dt.date(2025, 3, 10), True),
            ("R-3", dt.date(2025, 6, 30), True),
            ("R-3", dt.date(2025, 7, 1), False),
            ("R-3", dt.date(2022, 5, 15), False),
            ("R-2", dt.date(1990, 1, 1), True),  # no dates: always active
        ],
    )
    def test_is_active(self, rep_id: str, day: dt.date, active: bool) -> None:
        assert COMPANY.rep(rep_id).is_active(day) is active

    def test_is_active_refuses_a_datetime(self) -> None:
        with pytest.raises(WrongType, match="Rep 'R-1': 'as_of'"):
            COMPANY.rep("R-1").is_active(dt.datetime(2025, 1, 1))  # a datetime is a date to mypy

    @pytest.mark.parametrize(
        ("rep_id", "period", "expected"),
        [
            ("R-3", "2025", "2025-01-01/2025-06-30"),  # left mid-year: Jan-Jun
            ("R-5", "2025-Q1", "2025-03-10/2025-03-31"),  # hired in March
            ("R-5", "2025-02", None),
            ("R-3", "2025-07", None),
            ("R-2", "2025-W10", "2025-W10"),
        ],
    )
    def test_active_in(self, rep_id: str, period: str, expected: str | None) -> None:
        found = COMPANY.rep(rep_id).active_in(Period.parse(period))
        assert (None if found is None else str(found)) == expected

    @given(reps(), dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
    def test_active_in_a_day_agrees_with_is_active(self, rep: Rep, day: dt.date) -> None:
        assert (rep.active_in(Period.day(day)) is not None) == rep.is_active(day)

    @given(reps())
    def test_is_frozen_hashable_and_pickles(self, rep: Rep) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            rep.name = "x"  # type: ignore[misc]
        assert not hasattr(rep, "__dict__")
        assert pickle.loads(pickle.dumps(rep)) == rep
        assert eval(repr(rep), {"Rep": Rep, "datetime": dt}) == rep

    def test_evolve_revalidates(self) -> None:
        with pytest.raises(ValidationError, match="left_on"):
            attrs.evolve(COMPANY.rep("R-5"), left_on=dt.date(2025, 1, 1))


class TestTeam:
    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            ({"team_id": ""}, ValidationError, "Team: 'team_id'"),
            ({"name": 3}, WrongType, "Team 'T-1': 'name' must be a string"),
            ({"parent_id": ""}, ValidationError, "Team 'T-1': 'parent_id'"),
            ({"parent_id": "T-1"}, PolicyError, "cannot be its own parent"),
            ({"manager_id": 7}, WrongType, "Team 'T-1': 'manager_id'"),
        ],
    )
    def test_refuses_bad_fields_naming_the_team(
        self, kwargs: dict[str, Any], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error) as info:
            Team(**{"team_id": "T-1", "name": "East", **kwargs})
        assert message in str(info.value)

    @given(teams())
    def test_repr_round_trips(self, team: Team) -> None:
        assert eval(repr(team), {"Team": Team}) == team


class TestChartValidation:
    def test_worked_example_is_valid(self) -> None:
        assert ids(COMPANY.roots()) == ["T-CN"]
        assert [COMPANY.depth(t) for t in ("T-CN", "T-EAST", "T-SOUTH")] == [0, 1, 1]
        assert ids(COMPANY.reps) == ["D-1", "M-E", "M-S", "R-1", "R-2", "R-3", "R-4", "R-5"]

    def test_duplicate_rep_ids(self) -> None:
        with pytest.raises(ValidationError, match=r"'reps' must be reps with distinct .*'R-1'"):
            OrgChart([Rep("R-1", "A", "T-1"), Rep("R-1", "B", "T-1")], [Team("T-1", "T")])

    def test_duplicate_team_ids(self) -> None:
        with pytest.raises(ValidationError, match="distinct team_ids"):
            OrgChart([], [Team("T-1", "A"), Team("T-1", "A")])

    def test_a_rep_outside_any_team(self) -> None:
        with pytest.raises(UnknownReference) as info:
            OrgChart([*COMPANY_REPS, Rep("R-9", "New", "T-EST")], COMPANY_TEAMS)
        assert str(info.value) == (
            "Rep 'R-9': 'team_id' must be a team in the chart (got 'T-EST')\n"
            "Hint: Did you mean 'T-EAST' or 'T-SOUTH'?"
        )
        assert isinstance(info.value, LookupError)

    def test_unknown_parent(self) -> None:
        with pytest.raises(UnknownReference, match=r"Team 'T-X': 'parent_id' .*'T-NONE'"):
            OrgChart(COMPANY_REPS, [*COMPANY_TEAMS, Team("T-X", "X", parent_id="T-NONE")])

    def test_unknown_manager(self) -> None:
        with pytest.raises(UnknownReference, match=r"Team 'T-X': 'manager_id' .*'R-99'"):
            OrgChart(COMPANY_REPS, [*COMPANY_TEAMS, Team("T-X", "X", manager_id="R-99")])

    def test_a_cycle_is_named(self) -> None:
        loop = [
            Team("A", "A", parent_id="C"),
            Team("B", "B", parent_id="A"),
            Team("C", "C", parent_id="B"),
            Team("D", "D", parent_id="A"),  # hangs from the loop, is not part of it
            Team("ROOT", "Root"),
        ]
        with pytest.raises(PolicyError) as info:
            OrgChart([], loop)
        assert "The parent chain loops: 'A' -> 'C' -> 'B' -> 'A'" in str(info.value)
        assert str(info.value).startswith("Team 'A': 'parent_id'")

    def test_two_manager_roles_in_one_team(self) -> None:
        two = [*COMPANY_REPS, Rep("M-2", "Second", "T-EAST", role="manager")]
        with pytest.raises(PolicyError, match=r"Team 'T-EAST'.*'M-2', 'M-E' all have a managing"):
            OrgChart(two, COMPANY_TEAMS)

    def test_a_director_and_a_manager_in_one_team(self) -> None:
        two = [*COMPANY_REPS, Rep("D-2", "Second", "T-EAST", role="director")]
        with pytest.raises(PolicyError, match="managing role"):
            OrgChart(two, COMPANY_TEAMS)

    def test_manager_id_that_disagrees_with_the_manager_role(self) -> None:
        teams = [*COMPANY_TEAMS[:2], attrs.evolve(COMPANY_TEAMS[2], manager_id="R-4")]
        with pytest.raises(PolicyError) as info:
            OrgChart(COMPANY_REPS, teams)
        assert str(info.value).startswith(
            "Team 'T-SOUTH': 'manager_id' must be None or 'M-S', the team's manager (got 'R-4')"
        )

    def test_manager_id_may_name_a_rep_of_another_team(self) -> None:
        # T-WEST has no managing-role rep of its own: the director heads it too.
        chart = OrgChart(
            [*COMPANY_REPS, Rep("R-6", "Wu Di", "T-WEST")],
            [*COMPANY_TEAMS, Team("T-WEST", "West", parent_id="T-CN", manager_id="D-1")],
        )
        assert chart.manager("T-WEST") == chart.rep("D-1")
        assert ids(chart.chain_of_command("R-6")) == ["D-1"]

    def test_several_roots_and_empty_teams(self) -> None:
        chart = OrgChart([Rep("R-1", "A", "B")], [Team("B", "B"), Team("A", "A")])
        assert ids(chart.roots()) == ["A", "B"]
        assert chart.members("A", JUNE) == ()
        assert OrgChart([], []).teams == ()

    @pytest.mark.parametrize(
        ("reps_arg", "teams_arg", "field"),
        [
            (None, [], "reps"),
            ([Team("T-1", "x")], [Team("T-1", "x")], "reps[0]"),
            ([], [Rep("R-1", "x", "T-1")], "teams[0]"),
            ([], "T-1", "teams"),
        ],
    )
    def test_wrong_types(self, reps_arg: Any, teams_arg: Any, field: str) -> None:
        with pytest.raises(WrongType) as info:
            OrgChart(reps_arg, teams_arg)
        assert info.value.field == field

    @given(org_charts())
    def test_every_chart_is_acyclic_with_consistent_depths(self, chart: OrgChart) -> None:
        for team in chart.teams:
            steps, current = 0, team
            while current.parent_id is not None:
                current = chart.team(current.parent_id)
                steps += 1
                assert steps <= len(chart.teams)
            assert chart.depth(team.team_id) == steps
            if team.parent_id is not None:
                assert chart.depth(team.parent_id) == steps - 1

    @given(org_charts(), st.randoms(use_true_random=False))
    def test_reordering_gives_an_equal_chart(self, chart: OrgChart, rnd: random.Random) -> None:
        reps_list, teams_list = list(chart.reps), list(chart.teams)
        rnd.shuffle(reps_list)
        rnd.shuffle(teams_list)
        again = OrgChart(iter(reps_list), iter(teams_list))
        assert again == chart
        assert hash(again) == hash(chart)
        assert again.rollup(dict.fromkeys([r.rep_id for r in reps_list], 1)) == chart.rollup(
            dict.fromkeys([r.rep_id for r in chart.reps], 1)
        )

    @given(org_charts(max_teams=4, max_reps=6))
    def test_pickles_copies_and_hashes(self, chart: OrgChart) -> None:
        again = pickle.loads(pickle.dumps(chart))
        assert again == chart
        assert hash(again) == hash(chart)
        assert copy.deepcopy(chart) == chart
        assert again.rollup(dict.fromkeys(ids(chart.reps), 1)) == chart.rollup(
            dict.fromkeys(ids(chart.reps), 1)
        )
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            chart.reps = ()  # type: ignore[misc]

    @given(org_charts())
    def test_at_most_one_manager_per_team(self, chart: OrgChart) -> None:
        for team in chart.teams:
            managing = [r for r in chart.reps if r.team_id == team.team_id and r.role != "rep"]
            assert len(managing) <= 1
            manager = chart.manager(team.team_id)
            if managing:
                assert manager == managing[0]
            elif team.manager_id is None:
                assert manager is None


class TestLookups:
    def test_rep_team_and_team_of(self) -> None:
        assert COMPANY.rep("R-4").name == "Sun Hao"
        assert COMPANY.team("T-SOUTH").name == "South Region"
        assert COMPANY.team_of("R-4") == COMPANY.team("T-SOUTH")
        assert COMPANY.manager("T-EAST") == COMPANY.rep("M-E")  # from the role
        assert COMPANY.manager("T-SOUTH") == COMPANY.rep("M-S")  # manager_id and role agree

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (lambda: COMPANY.rep("R-6"), "Did you mean 'R-5' or 'R-4' or 'R-3'?"),
            (lambda: COMPANY.team("T-SOTH"), "Did you mean 'T-SOUTH' or 'T-EAST'?"),
            (lambda: COMPANY.team_of("zzz"), "OrgChart.team_of(): 'rep_id' must be a rep"),
            (lambda: COMPANY.depth("x" * 1000), "'team_id' must be a team in the chart"),
        ],
    )
    def test_unknown_ids_with_a_hint(self, call: Any, message: str) -> None:
        with pytest.raises(UnknownReference) as info:
            call()
        assert message in str(info.value)

    @pytest.mark.parametrize("bad", [None, 1, ("R-1",), b"R-1"])
    def test_wrong_type_ids(self, bad: Any) -> None:
        with pytest.raises(WrongType):
            COMPANY.rep(bad)
        with pytest.raises(WrongType):
            COMPANY.subteams(bad)

    def test_subteams(self) -> None:
        chart = OrgChart(
            [], [Team("A", "A"), Team("B", "B", "A"), Team("C", "C", "B"), Team("D", "D", "A")]
        )
        assert ids(chart.subteams("A")) == ["B", "C", "D"]
        assert ids(chart.subteams("A", recursive=False)) == ["B", "D"]
        assert chart.subteams("C") == ()
        with pytest.raises(WrongType, match="recursive"):
            chart.subteams("A", recursive=1)  # type: ignore[arg-type]


class TestMembers:
    @pytest.mark.parametrize(
        ("team_id", "day", "recursive", "expected"),
        [
            # R-5 is hired 2025-03-10, so on 1 March the company has seven people.
            ("T-CN", dt.date(2025, 3, 1), True, ["D-1", "M-E", "M-S", "R-1", "R-2", "R-3", "R-4"]),
            # On 1 July R-3 has left (her last day was 30 June) and R-5 has joined.
            ("T-CN", dt.date(2025, 7, 1), True, ["D-1", "M-E", "M-S", "R-1", "R-2", "R-4", "R-5"]),
            ("T-CN", dt.date(2025, 7, 1), False, ["D-1"]),
            ("T-EAST", JUNE, True, ["M-E", "R-1", "R-2", "R-3"]),
            ("T-EAST", dt.date(2025, 7, 1), True, ["M-E", "R-1", "R-2"]),
            ("T-SOUTH", dt.date(2021, 8, 31), True, ["R-4"]),  # M-S starts 2021-09-01
        ],
    )
    def test_worked_example(
        self, team_id: str, day: dt.date, recursive: bool, expected: list[str]
    ) -> None:
        assert ids(COMPANY.members(team_id, day, recursive=recursive)) == expected

    @pytest.mark.parametrize(
        ("args", "error"),
        [
            (("T-CN", "2025-07-01"), WrongType),
            (("T-CN", dt.datetime(2025, 7, 1)), WrongType),
            (("T-CN", JUNE, "yes"), WrongType),
            (("T-XX", JUNE), UnknownReference),
        ],
    )
    def test_bad_arguments(self, args: tuple[Any, ...], error: type[Exception]) -> None:
        with pytest.raises(error):
            COMPANY.members(*args)

    @given(
        org_charts(),
        dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2052, 1, 1)),
    )
    def test_recursive_is_the_union_of_own_and_subteams_members(
        self, chart: OrgChart, day: dt.date
    ) -> None:
        for team in chart.teams:
            members = chart.members(team.team_id, day)
            own = set(chart.members(team.team_id, day, recursive=False))
            below = {
                rep
                for sub in chart.subteams(team.team_id, recursive=False)
                for rep in chart.members(sub.team_id, day)
            }
            assert set(members) == own | below
            assert len(members) == len(own) + len(below)  # no rep in two places
            assert ids(members) == sorted(ids(members))
            assert all(rep.is_active(day) for rep in members)
            assert own == {r for r in chart.reps if r.team_id == team.team_id and r.is_active(day)}


class TestChainOfCommand:
    @pytest.mark.parametrize(
        ("rep_id", "expected"),
        [
            ("R-1", ["M-E", "D-1"]),
            ("R-3", ["M-E", "D-1"]),  # left, but the chain follows the structure
            ("R-5", ["M-S", "D-1"]),
            ("M-E", ["D-1"]),  # a manager is skipped in their own team
            ("D-1", []),
        ],
    )
    def test_worked_example(self, rep_id: str, expected: list[str]) -> None:
        assert ids(COMPANY.chain_of_command(rep_id)) == expected

    def test_teams_without_a_manager_are_skipped(self) -> None:
        chart = OrgChart(
            [Rep("D", "D", "A", role="director"), Rep("R", "R", "C")],
            [Team("A", "A"), Team("B", "B", "A"), Team("C", "C", "B")],
        )
        assert ids(chart.chain_of_command("R")) == ["D"]

    def test_a_manager_of_two_teams_appears_once_at_the_highest(self) -> None:
        chart = OrgChart(
            [Rep("D", "D", "A", role="director"), Rep("M", "M", "B"), Rep("R", "R", "C")],
            [Team("A", "A"), Team("B", "B", "A", "M"), Team("C", "C", "B", "D")],
        )
        assert ids(chart.chain_of_command("R")) == ["M", "D"]

    @given(org_charts())
    def test_never_contains_the_rep_and_ends_at_the_root_manager(self, chart: OrgChart) -> None:
        for rep in chart.reps:
            chain = chart.chain_of_command(rep.rep_id)
            assert rep not in chain
            assert len(set(chain)) == len(chain)
            team = chart.team_of(rep.rep_id)
            path = [team]
            while path[-1].parent_id is not None:
                path.append(chart.team(path[-1].parent_id))
            bosses = [chart.manager(t.team_id) for t in path]
            expected = [b for b in bosses if b is not None and b != rep]
            assert set(chain) == set(expected)
            root_boss = chart.manager(path[-1].team_id)
            if root_boss is not None and root_boss != rep:
                assert chain[-1] == root_boss
            # Each manager once, at the highest team they head: order by rank.
            assert list(chain) == [b for i, b in enumerate(expected) if b not in expected[i + 1 :]]


class TestRollup:
    def test_worked_example_june_bookings(self) -> None:
        # East  = 120,000.00 + 85,500.50 + 40,000.00 = 245,500.50
        # South = 200,000.00 + 60,250.25             = 260,250.25
        # China = 245,500.50 + 260,250.25            = 505,750.75
        assert COMPANY.rollup(JUNE_BOOKINGS) == {
            "T-CN": Money("505750.75", CNY),
            "T-EAST": Money("245500.50", CNY),
            "T-SOUTH": Money("260250.25", CNY),
        }
        assert COMPANY.rollup(JUNE_BOOKINGS, level=1) == {
            "T-EAST": Money("245500.50", CNY),
            "T-SOUTH": Money("260250.25", CNY),
        }
        assert COMPANY.rollup(JUNE_BOOKINGS, level=0) == {"T-CN": Money("505750.75", CNY)}
        assert COMPANY.rollup(JUNE_BOOKINGS, level=2) == {}

    def test_counts_and_absent_teams(self) -> None:
        # Deals won in June: East only. South has no value, so it is absent, not 0.
        assert COMPANY.rollup({"R-1": 3, "R-2": 0}) == {"T-CN": 3, "T-EAST": 3}
        assert COMPANY.rollup({}) == {}

    def test_decimal_fraction_and_tally_values(self) -> None:
        assert COMPANY.rollup({"R-1": D("0.5"), "R-4": D("0.25")}, level=0) == {"T-CN": D("0.75")}
        assert COMPANY.rollup({"R-1": Fraction(1, 3), "R-4": Fraction(1, 6)}, level=0) == {
            "T-CN": Fraction(1, 2)
        }
        tallies = {"R-1": Tally(2, 500), "R-2": Tally(1, 100), "R-4": Tally(4, 7)}
        assert COMPANY.rollup(tallies) == {
            "T-CN": Tally(7, 607),
            "T-EAST": Tally(3, 600),
            "T-SOUTH": Tally(4, 7),
        }

    @pytest.mark.parametrize(
        ("values", "error", "message"),
        [
            ({"R-9": 1}, UnknownReference, "'rep_id' must be a rep in the chart (got 'R-9')"),
            ({1: 1}, WrongType, "'rep_id'"),
            ({"R-1": 1.5}, WrongType, "Floats are not exact"),
            ({"R-1": None}, WrongType, "values_by_rep['R-1']"),
            ({"R-1": "100"}, WrongType, "values_by_rep['R-1']"),
            ({"R-1": True}, WrongType, "values_by_rep['R-1']"),
            ({"R-1": 1, "R-2": D(1)}, WrongType, "a int like the other values"),
            (
                {"R-1": Money(1, CNY), "R-2": Money(1, "USD")},
                CurrencyMismatch,
                "cannot combine CNY and USD",
            ),
            ({"R-1": D("NaN")}, ValidationError, "finite"),
            ({"R-1": D("1E-999"), "R-2": D("1E+17")}, ValidationError, "sum is exact"),
            (
                {"R-1": Money("999999999999999999", CNY), "R-2": Money("1", CNY)},
                ValidationError,
                "sums below 10**18",
            ),
            ([("R-1", 1)], WrongType, "a mapping"),
        ],
    )
    def test_bad_values(self, values: Any, error: type[Exception], message: str) -> None:
        with pytest.raises(error) as info:
            COMPANY.rollup(values)
        assert message in str(info.value)
        assert str(info.value).startswith("OrgChart.rollup()")

    @pytest.mark.parametrize("level", [-1, 1.0, "1", True])
    def test_bad_level(self, level: Any) -> None:
        with pytest.raises(ValidationError, match="level"):
            COMPANY.rollup({"R-1": 1}, level=level)

    def test_a_failing_plus_is_reported(self) -> None:
        @attrs.frozen
        class Broken:
            def __add__(self, other: object) -> Broken:
                raise RuntimeError("nope")

        with pytest.raises(ValidationError, match=r"\+ raised RuntimeError"):
            COMPANY.rollup({"R-1": Broken(), "R-2": Broken()})

    def test_non_commutative_values_are_added_in_rep_id_order(self) -> None:
        @attrs.frozen
        class Trail:
            steps: tuple[str, ...]

            def __add__(self, other: Trail) -> Trail:
                return Trail(self.steps + other.steps)

        forwards = {k: Trail((k,)) for k in ("R-1", "R-2", "R-4", "R-5")}
        backwards = dict(reversed(list(forwards.items())))
        # Own reps in rep_id order, then the sub-teams' sums in team_id order.
        expected = {
            "T-CN": Trail(("R-1", "R-2", "R-4", "R-5")),
            "T-EAST": Trail(("R-1", "R-2")),
            "T-SOUTH": Trail(("R-4", "R-5")),
        }
        assert COMPANY.rollup(forwards) == COMPANY.rollup(backwards) == expected

    @given(any_charts_with_values(), st.randoms(use_true_random=False))
    def test_equals_the_sum_of_members_in_any_order(
        self, case: tuple[OrgChart, dict[str, Any]], rnd: random.Random
    ) -> None:
        chart, values = case
        pairs = list(values.items())
        rnd.shuffle(pairs)
        shuffled = dict(pairs)
        assert chart.rollup(shuffled) == naive_rollup(chart, values)
        assert list(chart.rollup(shuffled)) == sorted(naive_rollup(chart, values))

    @given(any_charts_with_values())
    def test_root_totals_equal_the_sum_of_all_values(
        self, case: tuple[OrgChart, dict[str, Any]]
    ) -> None:
        chart, values = case
        roots = chart.rollup(values, level=0)
        if not values:
            assert roots == {}
            return
        ordered = [values[k] for k in sorted(values)]
        grand = ordered[0]
        for value in ordered[1:]:
            grand = grand + value
        total_of_roots = None
        for value in roots.values():
            total_of_roots = value if total_of_roots is None else total_of_roots + value
        assert total_of_roots == grand

    @given(any_charts_with_values(), st.data())
    def test_merging_two_rollups_equals_rolling_up_the_union(
        self, case: tuple[OrgChart, dict[str, Any]], data: st.DataObject
    ) -> None:
        chart, values = case
        left = {k: v for k, v in values.items() if data.draw(st.booleans(), label=k)}
        right = {k: v for k, v in values.items() if k not in left}
        merged = merge_rollups(chart.rollup(left), chart.rollup(right))
        assert merged == chart.rollup(values)
        for level in range(3):
            assert merge_rollups(
                chart.rollup(left, level=level), chart.rollup(right, level=level)
            ) == chart.rollup(values, level=level)

    @given(any_charts_with_values(), st.integers(0, 4))
    def test_level_selects_teams_at_that_depth(
        self, case: tuple[OrgChart, dict[str, Any]], level: int
    ) -> None:
        chart, values = case
        everything = chart.rollup(values)
        assert chart.rollup(values, level=level) == {
            t: v for t, v in everything.items() if chart.depth(t) == level
        }

    @given(charts_with_values(cny))
    def test_a_team_total_is_its_own_reps_plus_its_children(
        self, case: tuple[OrgChart, dict[str, Money]]
    ) -> None:
        chart, values = case
        sums = chart.rollup(values)
        for team_id, amount in sums.items():
            own = [v for k, v in values.items() if chart.rep(k).team_id == team_id]
            children = [
                sums[t.team_id] for t in chart.subteams(team_id, False) if t.team_id in sums
            ]
            assert amount == sum(own + children, Money.zero(CNY))


class TestMergeRollups:
    def test_worked_example(self) -> None:
        # Split June by region: East's reps and South's reps rolled up separately.
        east = {k: v for k, v in JUNE_BOOKINGS.items() if k in ("R-1", "R-2", "R-3")}
        south = {k: v for k, v in JUNE_BOOKINGS.items() if k not in east}
        assert merge_rollups(COMPANY.rollup(east), COMPANY.rollup(south)) == COMPANY.rollup(
            JUNE_BOOKINGS
        )

    @pytest.mark.parametrize(
        ("first", "second", "error"),
        [
            ({"T-1": 1}, None, WrongType),
            ({"T-1": 1}, {"T-1": 1.5}, WrongType),
            ({1: 1}, {}, WrongType),
            ({"T-1": Money(1, CNY)}, {"T-1": Money(1, "USD")}, CurrencyMismatch),
            ({"T-1": Money(1, CNY)}, {"T-1": 1}, WrongType),
        ],
    )
    def test_bad_arguments(self, first: Any, second: Any, error: type[Exception]) -> None:
        with pytest.raises(error):
            merge_rollups(first, second)


class TestRecords:
    def test_worked_example_round_trips(self) -> None:
        assert from_records(Rep, to_records(COMPANY_REPS)) == list(COMPANY_REPS)
        assert from_records(Team, to_records(COMPANY_TEAMS)) == list(COMPANY_TEAMS)
        assert from_records(OrgChart, to_records([COMPANY])) == [COMPANY]

    @given(
        st.lists(reps(), max_size=5, unique_by=lambda r: r.rep_id),
        st.lists(teams(), max_size=5, unique_by=lambda t: t.team_id),
    )
    def test_reps_and_teams_round_trip(self, rep_list: list[Rep], team_list: list[Team]) -> None:
        assert from_records(Rep, to_records(rep_list)) == rep_list
        assert from_records(Team, to_records(team_list)) == team_list

    @given(org_charts(max_teams=4, max_reps=6))
    def test_charts_round_trip(self, chart: OrgChart) -> None:
        assert from_records(OrgChart, to_records([chart])) == [chart]

    def test_a_bad_row_names_the_field(self) -> None:
        rows = [{"rep_id": "R-1", "name": "A", "team_id": "T-1", "role": "boss"}]
        with pytest.raises(ValidationError, match="role"):
            from_records(Rep, rows)


class TestStrategies:
    @given(org_ids(prefix="R-"))
    def test_ids_are_valid(self, rep_id: str) -> None:
        assert Rep(rep_id, "x", "T-1").rep_id == rep_id

    def test_impossible_bounds_are_refused(self) -> None:
        from hypothesis.errors import InvalidArgument

        with pytest.raises(InvalidArgument):
            org_charts(min_teams=3, max_teams=2).example()
        with pytest.raises(InvalidArgument):
            org_ids(prefix=" x").example()
