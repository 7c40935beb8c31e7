"""The bottom layer: what every app uses, with no models of its own and no import of any other part of
Szansa (checked by import-linter, see docs/architecture.md).

- money: Decimal amounts and their Polish format;
- dates: calendar helpers shared by the rules (month bounds, ages);
- pdf: HTML to PDF;
- errors: the service-error type;
- services: the two steps every write service starts with (permission, validated save);
- roles: a user's roles and the `rules` predicate factory built on them;
- access_log: the one writer of the access log (who read whose data, when, through which route);
- forms, views: helpers of the web pages.
"""
