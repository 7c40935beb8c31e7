"""Indicators and effectiveness of a project computed from participant data (docs/indicators.md,
docs/support-path.md).

Every figure comes with the people it counts (the drill-down an auditor checks it against) and the
evidence that makes each of them count (the outcome, its date and document). Rules shared by every
indicator (docs/at-risk.md, docs/support-path.md):

* only main participants count: the participant's environment (otoczenie) is never counted — Szansa
  keeps no flag "eligible in their own right", so the exception of docs/at-risk.md is not applied;
* a participant who resigned before the start never took part and is not counted;
* "supported" means enrolled and started (start date reached);
* a participant counts once per indicator, however many outcomes they have.

Which outcome counts when (within 4 weeks of exit for result indicators, within 3 months for
effectiveness, what is "employment") is decided by szansa.domain.support.outcomes and only imported here.

The package: `rules` (what each indicator counts, its description and forecast method), `cohort` (the
one load of a project's participants), `effectiveness` (social and employment effectiveness) and
`selectors` (the values of a project's indicators and their progress), `figures` (the same counted in
the database, which pages, the API and the reports read), `kept` (the copy of those figures kept per
project and day, and what marks it stale) and `checks` (that copy against a full recount, nightly).

Cost: one `Cohort` loads the project's participants, their outcomes, the kinds of support they
received and their disability situations in a constant number of queries (no per-participant query);
every indicator is then computed in Python from that one load.
"""
