"""Outcomes of participants (docs/indicators.md): recorded at exit and at the follow-up, each with its
evidence, and the classification the indicators read.

Writes (`services`): `outcome_record`, `qualification_from_exam`. Reads (`selectors`): `outcomes_of`,
`qualification_offered`. Classification (`rules`: plain functions of one Outcome, used by the
indicators; they read the participant's
dates, so pass outcomes with `participant` loaded, e.g. from `outcomes_of` or select_related):

* `within_4_weeks(outcome)`: counts "upon leaving" for the immediate-result indicators (§5.2, EECR01-04).
* `within_effectiveness_window(outcome)`: counts for efektywność społeczna / zatrudnieniowa (within 90
  calendar days after the end of participation, docs/indicators.md#effectiveness-window).
* `counts_as_employment(outcome)`: the outcome is "employment" for efektywność zatrudnieniowa (§5.3).
* `counts_as_social_progress(outcome)`: the outcome is progress for efektywność społeczna (starting
  education, or a specialist-confirmed form of the guideline's list).

Which indicator an outcome feeds follows its kind (`RESULT_INDICATOR_KINDS`); age limits (under-18s
excluded from job-seeking and working) and the participant's support (social / vocational) are the
indicators' business, not this module's.
"""
