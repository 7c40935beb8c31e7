"""Activities, sessions and attendance: writes (`services`), reads (`selectors`) and the pure rules of
attendance and completion (`rules`).

Writes name their actor, check the `rules` permission of support.access, validate and raise a
ValidationError with a message that names what clashes, and run in one transaction with the
auditlog actor set. Pages, the API and the demo seed call these functions; none repeats a rule.

Rules kept here:
* A session may not overlap (start < other end and end > other start; back-to-back is fine) another
  non-cancelled session of the same specialist, in the same room, or of the same participant (their
  individual session, or a group activity they are a member of on that day). The check locks the
  specialist's, the room's and the participants' rows first (select_for_update), so two bookings of
  the same resource are serialised by PostgreSQL and the second one sees the first.
* The attendance rate counts only sessions held so far during the membership: present / held.
  An excused absence is not presence (it lowers the rate) but is shown separately.
* A member completes the activity when the rate reaches the activity's threshold and, if the
  activity ends with an exam, the exam was passed.
"""
