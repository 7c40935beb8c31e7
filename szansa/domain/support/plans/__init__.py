"""Diagnosis, individual plan (IPD) and social contract: writes (`services`), reads (`selectors`) and the
rules both use (`rules`).

Pages (web/support/views/plans), the API (api/support/plans) and the demo (demo/support/plans) call
these functions; nothing here is repeated elsewhere. Who may do what is szansa.domain.support.access:
* support.change_path: diagnoses (a specialist who serves the participant may diagnose);
* support.approve_path: plans (draw up, revise, accept) and social contracts.

A plan is never edited: a revision is a new version with the goals and support it is given (nothing is
copied behind the user's back), the previous version gets `superseded_on` and otherwise stays as it
was, so the history shows what was agreed when.
"""
