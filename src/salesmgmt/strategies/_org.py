"""Strategies for the org chart: reps, teams and whole valid charts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.org import ROLES, OrgChart, Rep, Team

__all__ = ["org_charts", "org_ids", "reps", "teams"]

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
# Names mix ASCII, accents and CJK (Chinese reps' names) from a fixed alphabet: fast to draw.
_NAMES = st.text("abcdefghijklmnopqrstuvwxyz ABCZéü李王张刘陈娜伟芳静", min_size=1, max_size=12)


def _check_sizes(name: str, low: int, high: int) -> None:
    if low < 0:
        raise InvalidArgument(f"min_{name} must be non-negative, got {low!r}")
    if low > high:
        raise InvalidArgument(f"Cannot have min_{name}={low!r} > max_{name}={high!r}")


def org_ids(*, prefix: str = "") -> st.SearchStrategy[str]:
    """Valid rep or team ids (1 to 64 printable characters, no surrounding spaces),
    shrinking towards ``prefix + "0"``.

    >>> from hypothesis import find
    >>> find(org_ids(prefix="R-"), lambda rep_id: True)
    'R-0'
    """
    if len(prefix) > 32 or prefix.strip() != prefix or not prefix.isprintable():
        raise InvalidArgument(f"prefix must be a short printable id prefix, got {prefix!r}")
    return st.text(_ALPHABET, min_size=1, max_size=8).map(lambda tail: prefix + tail)


@st.composite
def _tenures(
    draw: st.DrawFn, days: st.SearchStrategy[dt.date | None]
) -> tuple[dt.date | None, dt.date | None]:
    hired, left = draw(days), draw(days)
    if hired is not None and left is not None and left < hired:
        hired, left = left, hired
    return hired, left


def _tenure_strategy(min_value: dt.date, max_value: dt.date) -> st.SearchStrategy[Any]:
    return _tenures(st.none() | st.dates(min_value=min_value, max_value=max_value))


def _rep_from(
    rep_id: str, name: str, team_id: str, role: str, tenure: tuple[dt.date | None, ...]
) -> Rep:
    return Rep(rep_id, name, team_id, role, tenure[0], tenure[1])  # type: ignore[arg-type] # role drawn from ROLES


def reps(
    *,
    team_ids: st.SearchStrategy[str] | None = None,
    min_value: dt.date = dt.date(2000, 1, 1),
    max_value: dt.date = dt.date(2050, 12, 31),
) -> st.SearchStrategy[Rep]:
    """:class:`~salesmgmt.org.Rep` values with any role and optional hire and
    leave dates between ``min_value`` and ``max_value``.

    Args:
        team_ids: a strategy for ``team_id``; any valid id by default.
        min_value: the earliest hire or leave date.
        max_value: the latest hire or leave date.

    >>> from hypothesis import find
    >>> find(reps(), lambda rep: rep.left_on is not None).role
    'rep'
    """
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    return st.builds(
        _rep_from,
        org_ids(prefix="R-"),
        _NAMES,
        org_ids(prefix="T-") if team_ids is None else team_ids,
        st.sampled_from(ROLES),
        _tenure_strategy(min_value, max_value),
    )


def teams(*, parent_ids: st.SearchStrategy[str | None] | None = None) -> st.SearchStrategy[Team]:
    """:class:`~salesmgmt.org.Team` values (a team is never its own parent).

    Args:
        parent_ids: a strategy for ``parent_id``; ``None`` or any valid id by default.

    >>> from hypothesis import find
    >>> team = find(teams(), lambda team: team.parent_id is not None)
    >>> team.parent_id != team.team_id, team.manager_id
    (True, None)
    """
    parents = st.none() | org_ids(prefix="T-") if parent_ids is None else parent_ids
    return _teams(parents)


@st.composite
def _teams(draw: st.DrawFn, parents: st.SearchStrategy[str | None]) -> Team:
    team_id = draw(org_ids(prefix="T-"))
    parent = draw(parents.filter(lambda parent: parent != team_id))
    return Team(team_id, draw(_NAMES), parent, draw(st.none() | org_ids(prefix="R-")))


@st.composite
def _org_charts(
    draw: st.DrawFn,
    min_teams: int,
    max_teams: int,
    min_reps: int,
    max_reps: int,
    tenures: st.SearchStrategy[tuple[dt.date | None, dt.date | None]],
) -> OrgChart:
    team_ids = draw(
        st.lists(org_ids(prefix="T-"), min_size=min_teams, max_size=max_teams, unique=True)
    )
    rep_ids = draw(
        st.lists(org_ids(prefix="R-"), min_size=min_reps, max_size=max_reps, unique=True)
    )
    n, m = len(team_ids), len(rep_ids)

    def indexes(size: int, top: int) -> list[int]:
        return draw(st.lists(st.integers(0, top), min_size=size, max_size=size))

    # Team i's parent is None (0) or one of the teams before it: the result is a forest.
    parents = [
        None if k == 0 or i == 0 else team_ids[(k - 1) % i]
        for i, k in enumerate(indexes(n, max_teams))
    ]
    homes = [team_ids[k % n] for k in indexes(m, max_teams)] if n else []
    tenure_list = draw(st.lists(tenures, min_size=m, max_size=m))
    names = draw(st.lists(_NAMES, min_size=n + m, max_size=n + m))
    roles = ["rep"] * m
    # Per team: 0 no manager, 1 a managing-role rep, 2 the same named in manager_id,
    # 3 manager_id naming any rep of the chart (kept only when the team has no
    # managing-role rep of its own).
    managers: list[str | None] = []
    for team_id, how, pick, title in zip(
        team_ids, indexes(n, 3), indexes(n, max_reps), indexes(n, 1), strict=True
    ):
        in_team = [i for i, home in enumerate(homes) if home == team_id]
        if how in (1, 2) and in_team:
            chosen = in_team[pick % len(in_team)]
            roles[chosen] = ("manager", "director")[title]
            managers.append(rep_ids[chosen] if how == 2 else None)
        elif how == 3 and m and not in_team:
            managers.append(rep_ids[pick % m])
        else:
            managers.append(None)
    return OrgChart(
        [
            _rep_from(rep_id, name, home, role, tenure)
            for rep_id, name, home, role, tenure in zip(
                rep_ids, names[n:], homes, roles, tenure_list, strict=True
            )
        ],
        [
            Team(team_id, name, parent, manager)
            for team_id, name, parent, manager in zip(
                team_ids, names[:n], parents, managers, strict=True
            )
        ],
    )


def org_charts(
    *,
    min_teams: int = 1,
    max_teams: int = 8,
    min_reps: int = 0,
    max_reps: int = 20,
    min_value: dt.date = dt.date(2000, 1, 1),
    max_value: dt.date = dt.date(2050, 12, 31),
) -> st.SearchStrategy[OrgChart]:
    """Valid :class:`~salesmgmt.org.OrgChart` values: forests of teams (one or
    several roots), reps spread over them, at most one managing-role rep per
    team, ``manager_id`` either unset, that rep, or (for a team without one) any
    rep of the chart; hire and leave dates between ``min_value`` and ``max_value``.

    Args:
        min_teams: the fewest teams (at least 1 when there are reps).
        max_teams: the most teams.
        min_reps: the fewest reps.
        max_reps: the most reps.
        min_value: the earliest hire or leave date.
        max_value: the latest hire or leave date.

    >>> from hypothesis import find
    >>> chart = find(org_charts(), lambda chart: len(chart.reps) > 1)
    >>> len(chart.reps), [chart.team_of(rep.rep_id) in chart.teams for rep in chart.reps]
    (2, [True, True])
    """
    _check_sizes("teams", min_teams, max_teams)
    _check_sizes("reps", min_reps, max_reps)
    if min_reps > 0 and max_teams < 1:
        raise InvalidArgument("Cannot place reps (min_reps > 0) in a chart with max_teams=0")
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    if max_teams == 0:
        return st.just(OrgChart([], []))
    return _org_charts(
        max(min_teams, 1 if max_reps > 0 else 0),
        max_teams,
        min_reps,
        max_reps,
        _tenure_strategy(min_value, max_value),
    )
