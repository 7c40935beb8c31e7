"""Import monthly incomes of people already in the registry from CSV or XLSX
(szansa.domain.people.household_imports; README "Imports and exports")."""

from szansa.cli.management.commands import import_households
from szansa.domain.people import household_imports


class Command(import_households.Command):
    kind = household_imports.INCOMES
    help = (
        "Import monthly incomes from a CSV (UTF-8 or Windows-1250; ; , or tab) or XLSX file: PESEL (or, for "
        "a person without one, 'id osoby': the person's number in Szansa, the id of the API), month, "
        "amount (1 200,50 or 1200.50), source, counts as income (tak/nie), note. Every row is checked; "
        "a file with a rejected row saves nothing (exit status 1)."
    )
