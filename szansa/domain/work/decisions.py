"""The rules of a decision's life after it is signed (docs/social-work.md#decision): delivery, the
appeal deadline, finality and enforceability. Pure functions; services.py applies them.

- Delivery (art. 39–47 KPA): in person, the day the party signed for it; by post, the day on the return
  receipt, or, when the letter was not collected, the last day of the 14 days from the first notice
  (art. 44 § 1 and § 4 KPA); electronically, the day of the confirmation of receipt, or, when it is not
  collected, the 14th day after it was sent (art. 46 § 4 KPA in the version read with the electronic
  delivery act — **verify** against the act in force for the centre's delivery channel).
- The appeal deadline is 14 days from delivery (art. 129 § 2 KPA); a deadline ending on a Saturday or a
  day off moves to the next working day (art. 57 § 4 KPA).
- A decision becomes final (ostateczna) when no appeal can be lodged any more: the day after the appeal
  deadline when none was lodged, or the day the party's waiver of the appeal reached the authority
  (art. 127a § 2 KPA).
- A decision granting the request in full may be executed before the appeal deadline (art. 130 § 4 KPA):
  from its delivery. Any other decision is executed once final (art. 130 § 1–2 KPA).
"""

import datetime

from szansa.domain.work import enums
from szansa.domain.work.deadlines import deadline

APPEAL_DAYS = 14  # art. 129 § 2 KPA
DEEMED_DELIVERY_DAYS = 14  # art. 44 § 1 and § 4 KPA; art. 46 § 4 KPA (verify)
ONE_DAY = datetime.timedelta(days=1)


def delivery_date(method: str, *, delivered_on: datetime.date | None, notice_on: datetime.date | None):
    """(the day the decision counts as delivered, whether that delivery is deemed), or (None, False) when
    the facts given do not settle it yet."""
    if delivered_on is not None:
        return delivered_on, False
    if method in (enums.DeliveryMethod.POST, enums.DeliveryMethod.ELECTRONIC) and notice_on is not None:
        # The letter waits 14 days from the first notice; delivery is deemed made as the last of them ends.
        return notice_on + datetime.timedelta(days=DEEMED_DELIVERY_DAYS), True
    return None, False


def appeal_deadline(delivered_on: datetime.date) -> datetime.date:
    """The last day to lodge an appeal: 14 days after delivery, off a Saturday or day off (art. 57 § 4)."""
    return deadline(enums.DeadlineKind.CALENDAR_DAYS, APPEAL_DAYS, delivered_on)


def final_on(
    *,
    appeal_deadline: datetime.date | None,
    appeal_lodged_on: datetime.date | None,
    appeal_waived_on: datetime.date | None,
) -> datetime.date | None:
    """The day the decision became final, or None while an appeal can still be (or has been) lodged."""
    if appeal_waived_on is not None:
        return appeal_waived_on
    if appeal_lodged_on is not None or appeal_deadline is None:
        return None
    return appeal_deadline + ONE_DAY


def enforceable_from(
    *, outcome: str, delivered_on: datetime.date | None, final: datetime.date | None
) -> datetime.date | None:
    """From when the decision may be executed: at delivery if it grants the request in full
    (art. 130 § 4 KPA), else once it is final."""
    if outcome == enums.DecisionOutcome.GRANT and delivered_on is not None:
        return delivered_on
    return final


def register_number(prefix: str, sequence: int, year: int) -> str:
    """The decision's number in the centre's register: "<prefix>.<number>.<year>" (e.g. OPS.12.2026);
    the prefix is the centre's sign from its filing plan (settings.DECISION_NUMBER_PREFIX)."""
    return f"{prefix}.{sequence}.{year}" if prefix else f"{sequence}/{year}"


# The standard texts a draft starts with. They are the document's own words, in Polish (the decision is an
# official document, ustawa o języku polskim art. 5), and every one is edited by the clerk as needed.
DEFAULT_LEGAL_BASIS = (
    "Na podstawie art. 104 § 1 ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania administracyjnego "
    "oraz art. 106 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej"
)
DEFAULT_APPEAL_INSTRUCTION = (
    "Od niniejszej decyzji przysługuje stronie odwołanie do Samorządowego Kolegium Odwoławczego za "
    "pośrednictwem organu, który wydał decyzję, w terminie 14 dni od dnia jej doręczenia (art. 127 § 1, "
    "art. 129 § 1 i 2 Kpa). W trakcie biegu terminu do wniesienia odwołania strona może zrzec się prawa do "
    "wniesienia odwołania wobec organu, który wydał decyzję; z dniem doręczenia organowi oświadczenia o "
    "zrzeczeniu się prawa do wniesienia odwołania decyzja staje się ostateczna i prawomocna (art. 127a Kpa)."
)
GRANT_IN_FULL_NOTE = (
    "Decyzja uwzględnia w całości żądanie strony i podlega wykonaniu przed upływem terminu do wniesienia "
    "odwołania (art. 130 § 4 Kpa)."
)
DEFAULT_OPERATIVE = {
    enums.DecisionOutcome.GRANT: "orzekam przyznać {party} świadczenie: {benefit}.",
    enums.DecisionOutcome.PARTIAL: "orzekam przyznać {party} świadczenie: {benefit} w części, …; "
    "w pozostałej części odmówić.",
    enums.DecisionOutcome.REFUSE: "orzekam odmówić {party} przyznania świadczenia: {benefit}.",
}


def default_texts(
    *, outcome: str, party: str, address: str, benefit: str, proposal: str, authority: str
) -> dict[str, str]:
    """The pre-filled texts of a new draft."""
    party_line = f"{party}, {address}" if address else party
    instruction = DEFAULT_APPEAL_INSTRUCTION
    if outcome == enums.DecisionOutcome.GRANT:
        instruction = f"{instruction}\n{GRANT_IN_FULL_NOTE}"
    return {
        "parties": party_line,
        "legal_basis": DEFAULT_LEGAL_BASIS,
        "operative_part": DEFAULT_OPERATIVE[outcome].format(party=party, benefit=benefit),
        "justification_facts": proposal,
        "justification_law": "",
        "appeal_instruction": instruction,
        "recipients": f"1. {party_line}\n2. a/a",
        "signatory": authority,
    }
