"""The public register of capital investments: filters that work without JavaScript, totals,
a chart with the same figures in a table, CSV and XLSX downloads, each project's page; in every
language, with no personal data and nothing anyone typed run as markup."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.investments import services
from consult.investments.models import Investment
from tests.conftest import submit
from tests.investments.conftest import TITLE, TODAY

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _titles(html: str) -> set[str]:
    return {t for t in ("Banjë road", "Vrellë bridge", "The square", "Banjë school") if t in html}


def test_the_register_lists_every_project_with_its_totals(client, register_data):
    page = client.get("/investments?lang=en").get_data(as_text=True)
    assert _titles(page) == {"Banjë road", "Vrellë bridge", "The square", "Banjë school"}
    assert "€700,000" in page  # the budgets
    assert "€218,500.50" in page  # what was spent
    assert "Spent so far (31% of the budget)" in page
    assert "Completed: <strong>1</strong>" in page and "Cancelled: <strong>1</strong>" in page
    assert "Budget and spending by local community" in page
    assert "<caption" in page and 'class="table-wrap"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2024", {"Vrellë bridge", "The square"}),
        ("year=2022", {"Banjë road"}),
        ("status=construction", {"Vrellë bridge"}),
        ("local_community=all", {"The square"}),
        ("year=2025&status=planned", {"Banjë school"}),
        ("year=1800", {"Banjë road", "Vrellë bridge", "The square", "Banjë school"}),
        ("status=<b>", {"Banjë road", "Vrellë bridge", "The square", "Banjë school"}),
        ("local_community=-1", {"Banjë road", "Vrellë bridge", "The square", "Banjë school"}),
    ],
)
def test_the_filters_narrow_the_register(client, register_data, query, expected):
    response = client.get(f"/investments?{query}&lang=en")
    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True)) == expected


def test_the_community_filter_and_its_totals(client, register_data, places):
    page = client.get(f"/investments?local_community={places['banje']}&lang=en").get_data(
        as_text=True
    )
    assert _titles(page) == {"Banjë road", "Banjë school"}
    assert "€350,000" in page and "€98,000" in page
    # the form shows what was chosen
    assert f'<option value="{places["banje"]}" selected>' in page


def test_the_chart_labels_lead_to_the_register_narrowed(client, register_data):
    page = client.get("/investments?status=construction&lang=en").get_data(as_text=True)
    assert 'href="/investments?status=construction&amp;year=2023"' in page


def test_the_csv_has_every_filtered_record_in_the_readers_language(app, client, register_data):
    response = client.get("/investments.csv?year=2024&lang=sq")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Numër", "Titulli", "Bashkësia lokale"] and len(rows[0]) == 16
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"Ura Vrellë", "Sheshi"}
    bridge = by_title["Ura Vrellë"]
    assert bridge[3:5] == ["2023", "2025"] and bridge[6] == "50"
    assert bridge[9] == "2023-06-01" and bridge[11:13] == ["300000", "120500.5"]
    assert by_title["Sheshi"][13] == "Arsye"
    with app.app_context():
        audit = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "export.investments_csv")
        )
        assert audit.details["filters"] == {"year": 2024} and audit.actor_id is None


def test_the_xlsx_has_the_same_records_with_real_numbers_and_dates(client, register_data):
    response = client.get("/investments.xlsx?lang=en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Title" and len(rows) == 5
    bridge = next(row for row in rows if row[1] == "Vrellë bridge")
    assert bridge[11] == 300000 and bridge[12] == 120500.5
    assert bridge[9].date() == dt.date(2023, 6, 1)
    assert bridge[15].endswith(f"/investments/{register_data['bridge']}")


def test_a_projects_page_says_where_it_stands(client, register_data, closed_poll, app):
    with app.app_context():
        db.session.execute(
            update(Investment)
            .where(Investment.id == register_data["bridge"])
            .values(consultation_id=closed_poll["consultation"])
        )
        db.session.commit()
    page = client.get(f"/investments/{register_data['bridge']}?lang=en").get_data(as_text=True)
    assert "Vrellë bridge" in page and "Under construction" in page
    assert "2023–2025" in page and "€300,000" in page and "€120,500.50" in page
    assert f'href="/consultations/{closed_poll["consultation"]}"' in page
    assert 'value="50"' in page  # the progress bar
    assert "Planned → Under construction" in page
    assert client.get("/investments/999999").status_code == 404
    assert client.get("/investments/99999999999999999999").status_code == 404


def test_a_draft_consultation_is_not_linked(client, register_data, closed_poll, app):
    with app.app_context():
        db.session.execute(
            update(Consultation)
            .where(Consultation.id == closed_poll["consultation"])
            .values(status="draft")
        )
        db.session.execute(
            update(Investment)
            .where(Investment.id == register_data["bridge"])
            .values(consultation_id=closed_poll["consultation"])
        )
        db.session.commit()
    page = client.get(f"/investments/{register_data['bridge']}?lang=en").get_data(as_text=True)
    assert f"/consultations/{closed_poll['consultation']}" not in page
    csv_text = client.get("/investments.csv").get_data().decode("utf-8-sig")
    assert f"/consultations/{closed_poll['consultation']}" not in csv_text


@pytest.mark.parametrize("lang", ["sq", "sr", "sr_Latn", "bs", "en"])
def test_the_pages_speak_every_language(client, register_data, lang):
    register_page = client.get(f"/investments?lang={lang}").get_data(as_text=True)
    page = client.get(f"/investments/{register_data['bridge']}?lang={lang}").get_data(as_text=True)
    expected = {
        "sq": ("Investimet kapitale", "Në ndërtim"),
        "sr": ("Капиталне инвестиције", "У изградњи"),
        "sr_Latn": ("Kapitalne investicije", "U izgradnji"),
        "bs": ("Kapitalne investicije", "U izgradnji"),
        "en": ("Capital investments", "Under construction"),
    }[lang]
    assert expected[0] in register_page and expected[1] in page


def test_no_personal_data_on_the_public_pages(client, login, register_data, places):
    email = login("officer", places["PUB"])
    submit(
        client,
        f"/manage/investments/{register_data['school']}/status",
        {"status": "procurement", "changed_on": TODAY.isoformat(), "note_sq": "Tenderi"},
        form_url=f"/manage/investments/{register_data['school']}?lang=en",
    )
    anonymous = client.application.test_client()
    for url in (
        "/investments",
        f"/investments/{register_data['school']}",
        "/investments.csv",
        "/api/v1/investments",
        f"/api/v1/investments/{register_data['school']}",
    ):
        body = anonymous.get(url).get_data(as_text=True)
        assert email not in body and "Officer" not in body, url


def test_markup_in_every_field_is_shown_as_text(app, client, login, places):
    with app.app_context():
        record = services.create_investment(
            services.Details(
                title={locale: MARKUP for locale in TITLE},
                description={locale: MARKUP for locale in TITLE},
                year_start=2025,
                year_end=2025,
                budget=1000,
                directorate_id=places["PUB"],
            )
        )
        services.change_status(
            record,
            "cancelled",
            TODAY,
            TODAY,
            note={"sq": MARKUP},
            cancel_reason={"sq": MARKUP, "sr_Latn": MARKUP, "bs": MARKUP},
        )
        record_id = record.id
        db.session.commit()
    login("officer", places["PUB"])
    for url in (
        f"/investments/{record_id}?lang=sr",
        "/investments?lang=en",
        f"/manage/investments/{record_id}?lang=en",
        "/manage/investments?lang=en",
    ):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url
    rows = list(
        csv.reader(io.StringIO(client.get("/investments.csv").get_data().decode("utf-8-sig")))
    )
    assert rows[1][1] == MARKUP and rows[1][13] == MARKUP  # as text: a CSV is not a page


def test_a_formula_in_a_title_is_not_run_by_a_spreadsheet(app, client, make_record):
    make_record(title={"sq": '=HYPERLINK("http://evil")'})
    csv_text = client.get("/investments.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    sheet = load_workbook(io.BytesIO(client.get("/investments.xlsx").get_data())).active
    assert sheet.cell(2, 2).value.startswith("'=")


def test_the_register_is_empty_without_records(client):
    page = client.get("/investments?lang=en").get_data(as_text=True)
    assert "No capital project matches these filters." in page
    assert client.get("/investments.csv").status_code == 200
