"""What rests on each consent kind, and so what its withdrawal stops (GDPR art. 7(3):
withdrawal does not make unlawful what was done before it). docs/data-protection.md#consent-withdrawal.

- EU-project data: a new enrolment in an EU project is refused without it
  (szansa.domain.recruitment.services.participant_enrol and round_enrol ask `ensure_consent` on the
  start day). A participation already recorded stays: its data are part of the project documentation the
  centre must keep (Reg. 1303/2013 art. 140, Reg. 2021/1060 art. 82; GDPR art. 17(3)(b)).
- Electronic contact: no e-mail is sent from the person's file without it
  (szansa.domain.people.services.person_send_email); the file's e-mail form says so.
- Image and sharing with project partners: Szansa holds no images and sends nothing to partners, so
  nothing in Szansa rests on them; the withdrawal is recorded with its day for the centre's own
  procedures (photographs, partner lists kept outside Szansa) and shown on the person's data-protection page.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from szansa.domain.people.enums import ConsentKind

WHAT_RESTS_ON = {
    ConsentKind.EU_PROJECT_DATA: _("enrolment in an EU project (a participation already recorded is kept)"),
    ConsentKind.ELECTRONIC_CONTACT: _("e-mails and text messages to the person"),
    ConsentKind.IMAGE: _("use of the person's image (outside Szansa)"),
    ConsentKind.PARTNER_SHARING: _("sharing the person's data with project partners (outside Szansa)"),
}


@dataclass(frozen=True)
class ConsentState:
    kind: str
    label: str
    allowed: bool
    since: datetime.date | None  # given on (allowed) or withdrawn on (not allowed)
    rests_on: str


def consent_states(person, on: datetime.date) -> list[ConsentState]:
    """For every consent kind: whether what rests on it may be done on `on`, and since when."""
    consents = list(person.consents.all())
    states = []
    for kind in ConsentKind:
        active = [c for c in consents if c.kind == kind and c.is_active_on(on)]
        withdrawn = [c for c in consents if c.kind == kind and c.withdrawn_on and c.withdrawn_on <= on]
        if active:
            since = max(c.given_on for c in active)
        else:
            since = max((c.withdrawn_on for c in withdrawn), default=None)
        states.append(ConsentState(kind, str(kind.label), bool(active), since, str(WHAT_RESTS_ON[kind])))
    return states
