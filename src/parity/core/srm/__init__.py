"""Social Relations Model for round-robin ratings (Kenny's SRM, as in SOREMO and TripleR).

In a round robin everybody rates everybody else: every department rates every other, every
member of a team rates every colleague. A rating of B by A mixes three things, and the SRM
takes them apart:

* the **perceiver effect** of A: how A tends to rate everyone (generous, harsh);
* the **target effect** of B: how everyone tends to rate B (well regarded, or not);
* the **relationship effect** of A→B: what is special about how A sees B in particular.

Their variances say where the differences lie, and two covariances say whether feelings are
returned: people who rate others highly and are rated highly themselves (generalised
reciprocity), and pairs where A's special regard for B is matched by B's for A (dyadic
reciprocity). With two measures of the same thing (two items, two occasions) the latent model
separates true relationship variance from measurement error.

The estimators follow Warner, Kenny & Stoto (1979); standard errors follow Lashley & Bond
(1997) for one group, pooled over groups, or SOREMO's between-groups test; missing ratings and
the exclusion of members with too many of them follow TripleR (Schönbrodt, Back & Schmukle,
2012), so that results can be checked against its published output. docs/method.md ("The whole
organization", "Social Relations Model") has every formula in words and symbols.
"""

from __future__ import annotations

from parity.core.srm._api import COMPONENTS, Reliability, SRMResult, srm, srm_each
from parity.core.srm._pool import SE_METHODS
from parity.core.srm._prepare import MIN_MEMBERS, MISSING_TOKENS, SRMInputError, numeric_values

__all__ = [
    "COMPONENTS",
    "MIN_MEMBERS",
    "MISSING_TOKENS",
    "SE_METHODS",
    "Reliability",
    "SRMInputError",
    "SRMResult",
    "numeric_values",
    "srm",
    "srm_each",
]
