"""The finance directorate's draft budget file: refused whole with one message per problem,
or imported whole and shown in the public budget explorer."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from consult.extensions import db
from consult.hearings.importer import AmountError, parse_cents
from consult.hearings.models import BudgetLine, HearingCycle
from tests.hearings.conftest import GOOD_ROWS, csv_file, upload, xlsx_file


def _line_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BudgetLine))


def test_a_file_without_the_programme_column_is_refused_and_nothing_is_imported(
    app, client, login, cycle, hearing
):
    login("officer")
    header = ["Directorate", "Economic category", "Current year", "Proposed amount"]
    rows = [["EDU", "wages", "100", "120"]]
    response = upload(client, hearing, csv_file(rows, header), "budget.csv")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Row 1: the column “programme” is missing from the header." in html
    assert html.count("<li>Row ") == 1
    assert _line_count(app) == 0


def test_each_bad_row_gets_its_own_message_with_its_row_number_and_nothing_is_imported(
    app, client, login, cycle, hearing
):
    login("officer")
    rows = [
        ["EDU", "Arsimi fillor", "wages", "4350000", "4480000"],  # row 2, good
        ["EDU", "Arsimi fillor", "goods_services", "shumë", "400000"],  # row 3: text
        ["XYZ", "Programi X", "wages", "1000", "1000"],  # row 4: unknown directorate
        ["edu", "arsimi fillor", "Wages", "1", "2"],  # row 5: repeats row 2
        ["HEA", "Kujdesi parësor", "capital", "100", "-5"],  # row 6: negative
    ]
    response = upload(client, hearing, csv_file(rows), "budget.csv")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Row 3: “shumë” in the column “current year” is not an amount." in html
    assert "Row 4: the directorate “XYZ” is not known; use its code or its name." in html
    assert "Row 5: the same directorate, programme and economic category as row 2." in html
    assert "Row 6: the amount in the column “proposed amount” is negative." in html
    assert html.count("<li>Row ") == 4
    assert _line_count(app) == 0


def test_a_bad_file_leaves_the_imported_draft_as_it_was(app, client, login, cycle, hearing):
    login("officer")
    assert upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv").status_code == 302
    bad = [*GOOD_ROWS, ["EDU", "Arsimi fillor", "wages", "1", "1"]]
    assert upload(client, hearing, csv_file(bad), "budget.csv").status_code == 400
    assert _line_count(app) == len(GOOD_ROWS)


def test_a_good_csv_shows_in_the_budget_explorer(app, client, login, cycle, hearing):
    login("officer")
    response = upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv")
    assert response.status_code == 302
    assert _line_count(app) == 4
    page = client.get(f"/hearings/{hearing}/budget?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Budget by directorate" in html and "Budget by economic category" in html
    assert "<svg" in html and "<script" not in html
    # Education: 4,730,000 → 4,880,000 (+150,000, +3.2 %)
    assert "4,730,000" in html and "4,880,000" in html
    assert "+€150,000" in html and "+3.2" in html
    assert "Kujdesi parësor" in html


def test_a_good_semicolon_csv_in_albanian_with_local_number_format_is_read(
    app, client, login, cycle, hearing
):
    login("officer")
    header = ["Drejtoria", "Programi", "Kategoria ekonomike", "Viti aktual", "Buxheti i propozuar"]
    rows = [["EDU", "Arsimi fillor", "Pagat dhe mëditjet", "4.350.000,00", "4.480.000,50"]]
    response = upload(client, hearing, csv_file(rows, header, ";"), "buxheti.csv")
    assert response.status_code == 302
    with app.app_context():
        line = db.session.scalar(select(BudgetLine))
        assert (line.category, line.current_cents, line.proposed_cents) == (
            "wages",
            435_000_000,
            448_000_050,
        )


def test_a_good_xlsx_shows_in_the_explorer_and_replaces_the_draft(
    app, client, login, cycle, hearing
):
    login("officer")
    upload(client, hearing, csv_file(GOOD_ROWS), "budget.csv")
    rows = [
        ["EDU", "Arsimi i mesëm", "Wages", 1250000, 1300000],
        ["HEA", "Kujdesi parësor", "Utilities", 110000.0, 115000],
    ]
    response = upload(client, hearing, xlsx_file(rows), "budget.xlsx")
    assert response.status_code == 302
    assert _line_count(app) == 2
    html = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert "Arsimi i mesëm" in html and "Arsimi fillor" not in html
    assert "1,415,000" in html  # proposed total
    with app.app_context():
        assert db.session.scalar(select(HearingCycle.draft_file_type)) == "xlsx"


def test_the_draft_downloads_as_csv_xlsx_and_as_imported(app, client, login, cycle, hearing):
    login("officer")
    data = csv_file(GOOD_ROWS)
    upload(client, hearing, data, "budget.csv")
    as_csv = client.get(f"/hearings/{hearing}/budget.csv?lang=en")
    assert as_csv.status_code == 200
    text = as_csv.get_data().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Directorate code,Directorate,Programme")
    assert "PUB,Public,Rrugët,capital,Capital investment,1650000.0,1700000.5,50000.5" in text
    as_xlsx = client.get(f"/hearings/{hearing}/budget.xlsx?lang=en")
    sheet = load_workbook(io.BytesIO(as_xlsx.get_data())).active
    assert sheet.max_row == 5
    original = client.get(f"/hearings/{hearing}/budget/draft-file")
    assert original.get_data() == data
    original.close()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        ("Drejtoria;Programi\n".encode("utf-16"), "budget.csv", "The CSV file is not UTF-8 text."),
        (b"a,b\n1,2\n", "budget.xlsx", "The file&#39;s content does not match its extension."),
        (b"%PDF-1.7", "budget.pdf", "Only CSV and XLSX files are accepted."),
        (b"", "budget.csv", "The file is empty."),
    ],
)
def test_files_that_are_not_budget_spreadsheets_are_refused(
    app, client, login, cycle, hearing, data, filename, message
):
    login("officer")
    response = upload(client, hearing, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _line_count(app) == 0


def test_only_officers_import(client, login, cycle, hearing):
    login("chair")
    assert client.get(f"/manage/hearings/{hearing}/").status_code == 403


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234", 123400),
        ("1.234,50", 123450),
        ("1,234.50", 123450),
        ("12 000 €", 1200000),
        ("1.234", 123400),
        ("0,5", 50),
        (1250000.25, 125000025),
        ("-10", -1000),
    ],
)
def test_amounts_are_read_in_either_number_format(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["shumë", "1,2,3,4", "12a", "", "€"])
def test_text_is_not_an_amount(text):
    with pytest.raises(AmountError):
        parse_cents(text)


def test_cell_text_quoted_in_a_message_is_escaped(client, login, cycle, hearing):
    login("officer")
    rows = [["<b>XYZ</b>", "Programi", "wages", "1", "1"]]
    html = upload(client, hearing, csv_file(rows), "budget.csv").get_data(as_text=True)
    assert "<b>XYZ</b>" not in html and "&lt;b&gt;XYZ&lt;/b&gt;" in html
