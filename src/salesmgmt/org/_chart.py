"""OrgChart: the validated tree of teams, its queries and the roll-up."""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import itertools
import operator
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs

from salesmgmt._checks import check_bool, check_date, check_int, check_type, iter_chunks
from salesmgmt._decimal import EXACT, to_decimal
from salesmgmt.errors import (
    CurrencyMismatch,
    PolicyError,
    SalesMgmtError,
    UnknownReference,
    ValidationError,
    WrongType,
)
from salesmgmt.money import Money
from salesmgmt.org._values import MANAGING_ROLES, MAX_ID_LENGTH, Rep, Team, rep_record, team_record

__all__ = ["MAX_SIZE", "OrgChart", "merge_rollups"]

#: Most reps, and most teams, one chart may hold.
MAX_SIZE: Final = 1_000_000
V = TypeVar("V")
T = TypeVar("T")
#: Value types the roll-up refuses: inexact (float, complex), or whose + is not a sum.
_REFUSED_VALUES: Final = (float, complex, bool, str, bytes, bytearray, list, tuple)


# -- the chart ---------------------------------------------------------------------------


def _read(value: object, kind: type[T], field: str) -> list[T]:
    """Read an iterable of ``kind``, checking each chunk before reading the next one
    (so an endless iterator of the wrong items fails at once)."""
    found: list[T] = []
    for chunk in iter_chunks(value, record="OrgChart", field=field, max_items=MAX_SIZE):
        start = len(found)
        for i, item in enumerate(chunk, start):
            check_type(
                item, kind, record="OrgChart", field=f"{field}[{i}]", expected=f"a {kind.__name__}"
            )
        found.extend(chunk)
    return found


def _sorted_reps(value: Iterable[Rep]) -> tuple[Rep, ...]:
    return tuple(sorted(_read(value, Rep, "reps"), key=_by_rep_id))


def _sorted_teams(value: Iterable[Team]) -> tuple[Team, ...]:
    return tuple(sorted(_read(value, Team, "teams"), key=_by_team_id))


def _by_rep_id(rep: Rep) -> str:
    return rep.rep_id


def _by_team_id(team: Team) -> str:
    return team.team_id


def _did_you_mean(wanted: str, known: Iterable[str]) -> str | None:
    if len(wanted) > MAX_ID_LENGTH:
        return None
    close = difflib.get_close_matches(wanted, list(known), n=3)
    return "Did you mean " + " or ".join(repr(c) for c in close) + "?" if close else None


def _first(triple: tuple[str, str, Any]) -> str:
    return triple[0]


def _first_duplicate(ids: tuple[str, ...]) -> str | None:
    for before, after in itertools.pairwise(ids):
        if before == after:
            return before
    return None


@attrs.frozen
class OrgChart:
    """Reps and teams, validated as one tree (or forest) of teams.

    ``reps`` and ``teams`` are stored as tuples sorted by id, so the order they
    are given in does not matter: charts built from the same reps and teams in
    any order are equal. Lookup maps are built once, in the constructor; every
    query after that is cheap.

    Several root teams (``parent_id=None``) are allowed. A team may be empty. A chart
    holds at most :data:`MAX_SIZE` (one million) reps and as many teams.

    Raises:
        WrongType: ``reps`` or ``teams`` is not an iterable of :class:`Rep` /
            :class:`Team`.
        ValidationError: two reps (or two teams) share an id.
        UnknownReference: a rep's ``team_id``, a team's ``parent_id`` or a
            team's ``manager_id`` names nothing in the chart.
        PolicyError: the parent chain loops (the message lists the loop), a
            team has two managing-role reps, or a team's ``manager_id``
            disagrees with its managing-role rep.

    >>> from salesmgmt.org import OrgChart, Rep, Team
    >>> teams = [Team("T-CN", "China"), Team("T-EAST", "East", parent_id="T-CN")]
    >>> chart = OrgChart([Rep("R-1", "Li Na", "T-EAST")], teams)
    >>> chart.depth("T-EAST"), chart.team_of("R-1").name
    (1, 'East')
    >>> OrgChart([Rep("R-1", "Li Na", "T-WEST")], teams)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.UnknownReference: Rep 'R-1': 'team_id' must be a team in the chart (got 'T-WEST')
    Hint: Did you mean 'T-EAST'?
    """  # noqa: E501 -- doctest output lines cannot wrap

    reps: tuple[Rep, ...] = attrs.field(converter=_sorted_reps)
    teams: tuple[Team, ...] = attrs.field(converter=_sorted_teams)
    _rep_by_id: Mapping[str, Rep] = attrs.field(init=False, repr=False, eq=False)
    _team_by_id: Mapping[str, Team] = attrs.field(init=False, repr=False, eq=False)
    _children: Mapping[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)
    _reps_in: Mapping[str, tuple[Rep, ...]] = attrs.field(init=False, repr=False, eq=False)
    _depth: Mapping[str, int] = attrs.field(init=False, repr=False, eq=False)
    _manager: Mapping[str, str | None] = attrs.field(init=False, repr=False, eq=False)
    _bottom_up: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        duplicate = _first_duplicate(tuple(rep.rep_id for rep in self.reps))
        if duplicate is not None:
            raise ValidationError.for_field(
                "OrgChart", "reps", duplicate, "reps with distinct rep_ids (this one repeats)"
            )
        duplicate = _first_duplicate(tuple(team.team_id for team in self.teams))
        if duplicate is not None:
            raise ValidationError.for_field(
                "OrgChart", "teams", duplicate, "teams with distinct team_ids (this one repeats)"
            )
        reps = {rep.rep_id: rep for rep in self.reps}
        teams = {team.team_id: team for team in self.teams}
        children: dict[str, list[str]] = {team_id: [] for team_id in teams}
        for team in self.teams:
            if team.parent_id is not None:
                if team.parent_id not in teams:
                    raise _unknown(
                        team_record(team.team_id), "parent_id", team.parent_id, "team", teams
                    )
                children[team.parent_id].append(team.team_id)
            if team.manager_id is not None and team.manager_id not in reps:
                raise _unknown(
                    team_record(team.team_id), "manager_id", team.manager_id, "rep", reps
                )
        members: dict[str, list[Rep]] = {team_id: [] for team_id in teams}
        for rep in self.reps:
            if rep.team_id not in teams:
                raise _unknown(rep_record(rep.rep_id), "team_id", rep.team_id, "team", teams)
            members[rep.team_id].append(rep)
        depth, bottom_up = _depths(self.teams, teams, children)
        manager = {team.team_id: _manager_of(team, members[team.team_id]) for team in self.teams}
        frozen = MappingProxyType
        object.__setattr__(self, "_rep_by_id", frozen(reps))
        object.__setattr__(self, "_team_by_id", frozen(teams))
        object.__setattr__(self, "_children", frozen({k: tuple(v) for k, v in children.items()}))
        object.__setattr__(self, "_reps_in", frozen({k: tuple(v) for k, v in members.items()}))
        object.__setattr__(self, "_depth", frozen(depth))
        object.__setattr__(self, "_manager", frozen(manager))
        object.__setattr__(self, "_bottom_up", bottom_up)

    def __reduce__(self) -> tuple[type[OrgChart], tuple[tuple[Rep, ...], tuple[Team, ...]]]:
        # Pickle and copy rebuild from the fields: the look-up maps are derived.
        return (OrgChart, (self.reps, self.teams))

    # -- look-ups ----------------------------------------------------------------------

    def rep(self, rep_id: str) -> Rep:
        """The rep with id ``rep_id``.

        Raises:
            UnknownReference: no such rep (with the closest ids as a hint).

        >>> from salesmgmt.org import OrgChart, Rep, Team
        >>> chart = OrgChart([Rep("R-1", "Li Na", "T-1")], [Team("T-1", "East")])
        >>> chart.rep("R-1").name
        'Li Na'
        >>> chart.rep("R-l")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.UnknownReference: OrgChart.rep(): 'rep_id' must be a rep in the chart (got 'R-l')
        Hint: Did you mean 'R-1'?
        """  # noqa: E501 -- doctest output lines cannot wrap
        return self._rep(rep_id, "OrgChart.rep()")

    def team(self, team_id: str) -> Team:
        """The team with id ``team_id``.

        Raises:
            UnknownReference: no such team (with the closest ids as a hint).

        >>> from salesmgmt.org import OrgChart, Team
        >>> OrgChart([], [Team("T-1", "East")]).team("T-1")
        Team(team_id='T-1', name='East', parent_id=None, manager_id=None)
        """
        return self._team(team_id, "OrgChart.team()")

    def team_of(self, rep_id: str) -> Team:
        """The team ``rep_id`` belongs to.

        >>> from salesmgmt.org import OrgChart, Rep, Team
        >>> chart = OrgChart([Rep("R-1", "Li Na", "T-1")], [Team("T-1", "East")])
        >>> chart.team_of("R-1").team_id
        'T-1'
        """
        return self._team_by_id[self._rep(rep_id, "OrgChart.team_of()").team_id]

    def manager(self, team_id: str) -> Rep | None:
        """The rep who manages ``team_id``: its ``manager_id``, else its
        managing-role rep, else ``None``.

        >>> from salesmgmt.org import OrgChart, Rep, Team
        >>> chart = OrgChart([Rep("R-1", "Li Na", "T-1", role="manager")], [Team("T-1", "East")])
        >>> chart.manager("T-1").rep_id
        'R-1'
        >>> OrgChart([], [Team("T-2", "West")]).manager("T-2") is None
        True
        """
        found = self._manager[self._team(team_id, "OrgChart.manager()").team_id]
        return None if found is None else self._rep_by_id[found]

    def depth(self, team_id: str) -> int:
        """How many parents ``team_id`` has: 0 for a root team.

        >>> from salesmgmt.org import OrgChart, Team
        >>> chart = OrgChart([], [Team("T-CN", "China"), Team("T-E", "East", parent_id="T-CN")])
        >>> chart.depth("T-CN"), chart.depth("T-E")
        (0, 1)
        """
        return self._depth[self._team(team_id, "OrgChart.depth()").team_id]

    def roots(self) -> tuple[Team, ...]:
        """The teams without a parent, sorted by id.

        >>> from salesmgmt.org import OrgChart, Team
        >>> [t.team_id for t in OrgChart([], [Team("B", "B"), Team("A", "A")]).roots()]
        ['A', 'B']
        """
        return tuple(team for team in self.teams if team.parent_id is None)

    def subteams(self, team_id: str, recursive: bool = True) -> tuple[Team, ...]:
        """The teams below ``team_id`` (not the team itself), sorted by id.

        Args:
            team_id: the team.
            recursive: ``True`` for every team below, ``False`` for the direct
                children only.

        >>> from salesmgmt.org import OrgChart, Team
        >>> chart = OrgChart([], [Team("A", "A"), Team("B", "B", "A"), Team("C", "C", "B")])
        >>> [t.team_id for t in chart.subteams("A")], [t.team_id for t in chart.subteams("A", False)]
        (['B', 'C'], ['B'])
        """  # noqa: E501 -- doctest output lines cannot wrap
        record = "OrgChart.subteams()"
        start = self._team(team_id, record).team_id
        if not check_bool(recursive, record=record, field="recursive"):
            ids: list[str] = list(self._children[start])
        else:
            ids = self._below(start)
        return tuple(self._team_by_id[i] for i in sorted(ids))

    def members(self, team_id: str, as_of: dt.date, recursive: bool = True) -> tuple[Rep, ...]:
        """The reps of ``team_id`` active on ``as_of`` (see :meth:`Rep.is_active`),
        sorted by ``rep_id``.

        Args:
            team_id: the team.
            as_of: the day; a rep hired later or whose ``left_on`` is earlier
                is left out.
            recursive: also the members of every team below.

        >>> import datetime as dt
        >>> from salesmgmt.org import OrgChart, Rep, Team
        >>> chart = OrgChart(
        ...     [Rep("R-1", "A", "T-1"), Rep("R-2", "B", "T-2", left_on=dt.date(2025, 6, 30))],
        ...     [Team("T-1", "Top"), Team("T-2", "Sub", parent_id="T-1")],
        ... )
        >>> [r.rep_id for r in chart.members("T-1", dt.date(2025, 6, 30))]
        ['R-1', 'R-2']
        >>> [r.rep_id for r in chart.members("T-1", dt.date(2025, 7, 1))]
        ['R-1']
        >>> chart.members("T-1", dt.date(2025, 6, 30), recursive=False)[0].rep_id
        'R-1'
        """
        record = "OrgChart.members()"
        start = self._team(team_id, record).team_id
        day = check_date(as_of, record=record, field="as_of")
        teams = (
            [start, *self._below(start)]
            if check_bool(recursive, record=record, field="recursive")
            else [start]
        )
        found = [
            rep
            for t in teams
            for rep in self._reps_in[t]
            if (rep.hired_on is None or rep.hired_on <= day)
            and (rep.left_on is None or day <= rep.left_on)
        ]
        found.sort(key=_by_rep_id)
        return tuple(found)

    def chain_of_command(self, rep_id: str) -> tuple[Rep, ...]:
        """The managers ``rep_id`` reports to, nearest first, up to the top.

        The manager of the rep's team comes first (skipped when it is the rep
        themself), then the parent team's manager, and so on to the root.
        Teams without a manager are skipped, and a manager who heads several
        teams in the chain appears once, at the highest of them, so the chain
        always ends with the root team's manager when there is one. Activity dates are
        not looked at: the chain follows the chart's structure.

        >>> from salesmgmt.org import OrgChart, Rep, Team
        >>> chart = OrgChart(
        ...     [Rep("D", "Dir", "T-CN", role="director"), Rep("M", "Mgr", "T-E", role="manager"),
        ...      Rep("R", "Rep", "T-E")],
        ...     [Team("T-CN", "China"), Team("T-E", "East", parent_id="T-CN")],
        ... )
        >>> [r.rep_id for r in chart.chain_of_command("R")], [r.rep_id for r in chart.chain_of_command("M")]
        (['M', 'D'], ['D'])
        >>> chart.chain_of_command("D")
        ()
        """  # noqa: E501 -- doctest output lines cannot wrap
        rep = self._rep(rep_id, "OrgChart.chain_of_command()")
        bosses: list[str] = []
        team_id: str | None = rep.team_id
        while team_id is not None:
            boss = self._manager[team_id]
            if boss is not None and boss != rep.rep_id:
                bosses.append(boss)
            team_id = self._team_by_id[team_id].parent_id
        # Keep each manager once, at the highest team they head in the chain.
        highest = {boss: i for i, boss in enumerate(bosses)}
        return tuple(self._rep_by_id[b] for i, b in enumerate(bosses) if highest[b] == i)

    # -- roll-up -----------------------------------------------------------------------

    def rollup(self, values_by_rep: Mapping[str, V], level: int | None = None) -> dict[str, V]:
        """Sum per-rep values up the tree: each team gets the sum over its
        members and every team below.

        Values may be ``Money`` (one currency), ``int``, ``Decimal`` or any one
        type that defines ``+`` (a mergeable tally, a ``Fraction``). Money and
        numbers are summed exactly. Other types are added in a fixed order,
        whatever the mapping's order: a team's own reps by ``rep_id``, then its
        sub-teams' sums by ``team_id`` (so ``+`` need not even be commutative).

        The roll-up sums what it is given: a rep who has left still counts if
        their value is in the mapping (use :meth:`members` to pick reps by
        activity). Reps absent from the mapping contribute nothing, and teams
        with no value anywhere below them are **absent** from the result (not
        zero: there is no currency to guess). The result is ordered by team id.
        One bottom-up pass: O(reps given + teams).

        Args:
            values_by_rep: ``{rep_id: value}``.
            level: ``None`` for every team, ``k`` for the teams at depth ``k``
                only (roots are depth 0).

        Raises:
            UnknownReference: a key is not a rep of the chart.
            WrongType: a value is a float, a string, ``None`` or another type
                without ``+``, or the values' types differ.
            CurrencyMismatch: Money values in different currencies.
            ValidationError: a sum is out of range or ``+`` failed.

        >>> from salesmgmt import Money
        >>> from salesmgmt.org import OrgChart, Rep, Team
        >>> chart = OrgChart(
        ...     [Rep("R-1", "A", "T-E"), Rep("R-2", "B", "T-W")],
        ...     [Team("T-CN", "China"), Team("T-E", "East", "T-CN"), Team("T-W", "West", "T-CN")],
        ... )
        >>> chart.rollup({"R-1": Money("100.00", "CNY"), "R-2": Money("50.00", "CNY")}, level=0)
        {'T-CN': Money('150.00', 'CNY')}
        >>> chart.rollup({"R-1": 3})
        {'T-CN': 3, 'T-E': 3}
        >>> chart.rollup({})
        {}
        """
        record = "OrgChart.rollup()"
        if not isinstance(values_by_rep, Mapping):
            raise WrongType.for_field(
                record, "values_by_rep", values_by_rep, "a mapping {rep_id: value}"
            )
        wanted = (
            None if level is None else check_int(level, record=record, field="level", min_value=0)
        )
        items = self._checked_items(values_by_rep, record)
        if not items:
            return {}
        first = items[0][2]
        sums: dict[str, Any]
        if isinstance(first, Money):
            sums = self._sum_money(items, record)
        elif isinstance(first, int):
            sums = self._sum_ints(items)
        elif isinstance(first, Decimal):
            sums = self._sum_decimal(items, record)
        else:
            sums = self._sum_plain(items, record, type(first))
        return {
            team_id: value
            for team_id, value in sorted(sums.items())
            if wanted is None or self._depth[team_id] == wanted
        }

    # -- helpers -----------------------------------------------------------------------

    def _rep(self, rep_id: object, record: str) -> Rep:
        found = self._rep_by_id.get(rep_id) if isinstance(rep_id, str) else None
        if found is None:
            check_type(rep_id, str, record=record, field="rep_id", expected="a rep id string")
            raise _unknown(record, "rep_id", rep_id, "rep", self._rep_by_id)
        return found

    def _team(self, team_id: object, record: str) -> Team:
        found = self._team_by_id.get(team_id) if isinstance(team_id, str) else None
        if found is None:
            check_type(team_id, str, record=record, field="team_id", expected="a team id string")
            raise _unknown(record, "team_id", team_id, "team", self._team_by_id)
        return found

    def _below(self, team_id: str) -> list[str]:
        found: list[str] = []
        stack = list(self._children[team_id])
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self._children[current])
        return found

    def _checked_items(self, values: Mapping[Any, Any], record: str) -> list[tuple[str, str, Any]]:
        """``(rep_id, team_id, value)`` for each item, checked, sorted by ``rep_id``."""
        try:
            pairs = list(values.items())
        except SalesMgmtError:
            raise
        except Exception as exc:  # a hostile mapping: report it as bad input
            raise ValidationError.for_field(
                record, "values_by_rep", values, f"a readable mapping (reading it raised {exc!r})"
            ) from exc
        triples: list[tuple[str, str, Any]] = []
        rep_by_id = self._rep_by_id
        first_type: type | None = None
        for rep_id, value in pairs:
            rep = rep_by_id.get(rep_id) if type(rep_id) is str else None
            if rep is None:
                rep = self._rep(rep_id, record)
            kind = type(value)
            if kind is not first_type:
                _check_value(value, first_type, f"values_by_rep[{rep_id!r}]", record)
                first_type = kind
            triples.append((rep.rep_id, rep.team_id, value))
        triples.sort(key=_first)
        return triples

    def _sum_money(self, items: list[tuple[str, str, Money]], record: str) -> dict[str, Money]:
        currency = items[0][2].currency
        own: dict[str, Decimal] = {}
        add = EXACT.add  # amounts share the currency's exponent: sums are exact
        for _, team_id, money in items:
            if money.currency != currency:
                raise CurrencyMismatch.between(currency, money.currency, record=record)
            own[team_id] = add(own[team_id], money.amount) if team_id in own else money.amount
        sums = self._climb(own, add)
        try:
            return {t: Money(amount, currency) for t, amount in sums.items()}
        except ValidationError as exc:
            raise ValidationError.for_field(
                record, "values_by_rep", f"a team total of {exc.value}", "sums below 10**18"
            ) from exc

    def _sum_ints(self, items: list[tuple[str, str, int]]) -> dict[str, int]:
        own: dict[str, int] = {}
        for _, team_id, value in items:
            own[team_id] = own.get(team_id, 0) + value
        return self._climb(own, operator.add)

    def _sum_decimal(
        self, items: list[tuple[str, str, Decimal]], record: str
    ) -> dict[str, Decimal]:
        own: dict[str, Decimal] = {}
        try:
            for rep_id, team_id, value in items:
                number = to_decimal(value, record=record, field=f"values_by_rep[{rep_id!r}]")
                own[team_id] = EXACT.add(own[team_id], number) if team_id in own else number
            return self._climb(own, EXACT.add)
        except decimal.DecimalException as exc:
            raise ValidationError.for_field(
                record, "values_by_rep", "<Decimal values>", "values whose sum is exact"
            ) from exc

    def _sum_plain(self, items: list[tuple[str, str, V]], record: str, kind: type) -> dict[str, V]:
        def add(a: V, b: V) -> V:
            try:
                result: V = a + b  # type: ignore[operator] # any value type with +
            except SalesMgmtError:
                raise
            except Exception as exc:  # the caller's + failed
                raise ValidationError.for_field(
                    record,
                    "values_by_rep",
                    a,
                    f"{kind.__name__} values that add up (+ raised {exc!r})",
                ) from exc
            return result

        own: dict[str, V] = {}
        for _, team_id, value in items:
            own[team_id] = add(own[team_id], value) if team_id in own else value
        return self._climb(own, add)

    def _climb(self, own: dict[str, Any], add: Any) -> dict[str, Any]:
        """Add each team's sum into its parent's, deepest teams first."""
        sums = dict(own)
        for team_id in self._bottom_up:
            if team_id in sums:
                parent = self._team_by_id[team_id].parent_id
                if parent is not None:
                    sums[parent] = (
                        add(sums[parent], sums[team_id]) if parent in sums else sums[team_id]
                    )
        return sums


# -- chart helpers -----------------------------------------------------------------------


def _unknown(record: str, field: str, value: object, kind: str, known: Iterable[str]) -> Exception:
    hint = _did_you_mean(value, known) if isinstance(value, str) else None
    return UnknownReference.for_field(record, field, value, f"a {kind} in the chart", hint=hint)


def _depths(
    ordered: tuple[Team, ...], teams: Mapping[str, Team], children: Mapping[str, list[str]]
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Each team's depth and the teams deepest first; a loop is a PolicyError."""
    depth: dict[str, int] = {}
    top_down: list[str] = []
    for team in ordered:
        if team.parent_id is None:
            depth[team.team_id] = 0
            top_down.append(team.team_id)
    i = 0
    while i < len(top_down):
        current = top_down[i]
        for child in sorted(children[current], reverse=True):  # reversed below: ascending
            depth[child] = depth[current] + 1
            top_down.append(child)
        i += 1
    if len(top_down) < len(ordered):  # the rest hang from loops
        raise _loop_error(next(t for t in ordered if t.team_id not in depth), teams)
    return depth, tuple(reversed(top_down))


def _loop_error(team: Team, teams: Mapping[str, Team]) -> PolicyError:
    path = [team.team_id]
    seen = {team.team_id: 0}
    current = team.parent_id
    while current is not None and current not in seen:
        seen[current] = len(path)
        path.append(current)
        current = teams[current].parent_id
    loop = path[seen[current] :] if current is not None else path
    start = loop[0]
    text = " -> ".join(repr(t) for t in [*loop, start])
    return PolicyError.for_field(
        team_record(start),
        "parent_id",
        teams[start].parent_id,
        "a team outside its own parent chain",
        hint=f"The parent chain loops: {text}. Give one of these teams another parent or None.",
    )


def _manager_of(team: Team, members: list[Rep]) -> str | None:
    managing = [rep for rep in members if rep.role in MANAGING_ROLES]
    record = team_record(team.team_id)
    if len(managing) > 1:
        names = ", ".join(repr(rep.rep_id) for rep in managing)
        raise PolicyError.for_field(
            record,
            "manager_id",
            team.manager_id,
            f"the team's one manager, but reps {names} all have a managing role",
            hint="A team has at most one rep with role 'manager' or 'director';"
            " give the others role 'rep' or move them to their own team.",
        )
    if managing and team.manager_id is not None and team.manager_id != managing[0].rep_id:
        raise PolicyError.for_field(
            record,
            "manager_id",
            team.manager_id,
            f"None or {managing[0].rep_id!r}, the team's {managing[0].role}",
            hint="Two managers for one team: set manager_id to the managing-role rep,"
            " or give that rep role 'rep'.",
        )
    if team.manager_id is not None:
        return team.manager_id
    return managing[0].rep_id if managing else None


def _check_value(value: object, first_type: type | None, field: str, record: str) -> None:
    """Refuse a value the roll-up cannot add, or one of another type than the first."""
    if isinstance(value, _REFUSED_VALUES) or not hasattr(type(value), "__add__"):
        raise WrongType.for_field(
            record,
            field,
            value,
            "a Money, an int, a Decimal or another value with +",
            hint="Floats are not exact: use Decimal(str(x))."
            if isinstance(value, float)
            else None,
        )
    if first_type is not None and type(value) is not first_type:
        raise WrongType.for_field(
            record, field, value, f"a {first_type.__name__} like the other values"
        )


def merge_rollups(first: Mapping[str, V], second: Mapping[str, V]) -> dict[str, V]:
    """Merge two roll-ups of disjoint sets of reps: teams in both are added.

    ``merge_rollups(chart.rollup(a), chart.rollup(b)) == chart.rollup(a | b)``
    when ``a`` and ``b`` share no rep. The result is ordered by team id.

    Raises:
        WrongType: an argument is not a mapping, or its values cannot be added.
        CurrencyMismatch: Money values in different currencies.

    >>> from salesmgmt.org import merge_rollups
    >>> merge_rollups({"T-1": 3, "T-2": 1}, {"T-1": 4})
    {'T-1': 7, 'T-2': 1}
    """
    record = "merge_rollups()"
    for name, mapping in (("first", first), ("second", second)):
        if not isinstance(mapping, Mapping):
            raise WrongType.for_field(record, name, mapping, "a mapping {team_id: value}")
    for name, mapping in (("first", first), ("second", second)):
        for key, value in mapping.items():
            check_type(key, str, record=record, field=f"{name} keys", expected="a team id string")
            if isinstance(value, _REFUSED_VALUES) or not hasattr(type(value), "__add__"):
                raise WrongType.for_field(
                    record,
                    f"{name}[{key!r}]",
                    value,
                    "a Money, an int, a Decimal or another value with +",
                )
    try:
        merged: dict[str, Any] = dict(first)
        for team_id, value in second.items():
            merged[team_id] = merged[team_id] + value if team_id in merged else value
        return dict(sorted(merged.items()))
    except SalesMgmtError:
        raise
    except Exception as exc:  # the caller's values or + failed
        raise WrongType.for_field(
            record, "second", second, f"a mapping of values that add to first's (got {exc!r})"
        ) from exc
