"""English: 1 Feb 2020, 1 Feb 2020 14:30 (unambiguous beside Polish day-first dates; no "Feb. 1, 2020")."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
