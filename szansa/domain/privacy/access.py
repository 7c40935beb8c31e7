"""Who may do what with retention, anonymisation and the rights of the person.

No new role: the centre's data protection officer is given the auditor role (reads everything,
changes nothing: the retention review, the rules and the request register); the decisions — approving
an anonymisation, recording and answering requests, producing a person's copy of their data — are
the centre manager's and the administrator's, who answer for the centre as controller
(docs/data-protection.md#who-may-do-what).
"""

import rules

from szansa.domain.accounts.enums import Role
from szansa.lib.roles import has_any_role

DECIDE = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
READ = (*DECIDE, Role.AUDITOR)

decides = has_any_role(*DECIDE)
reads = has_any_role(*READ)

rules.add_perm("privacy.view_retention", reads)
rules.add_perm("privacy.decide_retention", decides)
rules.add_perm("privacy.view_requests", reads)
rules.add_perm("privacy.manage_requests", decides)
rules.add_perm("privacy.export_subject_data", decides)
