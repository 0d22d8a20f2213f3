"""The sales org: reps, teams and the chart that ties them into a tree.

A :class:`Rep` carries a number and belongs to exactly one :class:`Team`; teams
form a forest through ``parent_id`` (several roots are allowed: a company with
two independent sales organisations, or a chart holding only one region). An
:class:`OrgChart` validates the whole structure once and then answers cheap
queries: who is in a team on a given day (:meth:`OrgChart.members`), who a rep
reports to (:meth:`OrgChart.chain_of_command`), and what any per-rep value adds
up to per team (:meth:`OrgChart.rollup`, one bottom-up pass).

Managers. A rep with a *managing role* (``"manager"`` or ``"director"``) manages
the team they belong to; a team may have at most one such rep. ``Team.manager_id``
names the team's manager explicitly and may point to a rep of another team (a
director who also heads a region); when the team has a managing-role rep,
``manager_id`` must be ``None`` or that same rep. A team's manager is
``manager_id`` if set, else its managing-role rep, else nobody.

The chart is a snapshot of the structure: roles and manager links do not change
with dates. Dates only decide who is *active* (:meth:`Rep.is_active`,
:meth:`OrgChart.members`).

>>> import datetime as dt
>>> from salesmgmt.org import OrgChart, Rep, Team
>>> chart = OrgChart(
...     reps=[Rep("R-1", "Li Na", "T-1", role="manager"), Rep("R-2", "Wang Wei", "T-1")],
...     teams=[Team("T-1", "East")],
... )
>>> [rep.rep_id for rep in chart.chain_of_command("R-2")]
['R-1']
>>> chart.rollup({"R-1": 3, "R-2": 4})
{'T-1': 7}
"""

from salesmgmt.org._chart import OrgChart, merge_rollups
from salesmgmt.org._values import MANAGING_ROLES, ROLES, Rep, Role, Team

__all__ = ["MANAGING_ROLES", "ROLES", "OrgChart", "Rep", "Role", "Team", "merge_rollups"]
