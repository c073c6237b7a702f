"""Fixtures for budget hearings: Istog's directorates, a few local communities, a hearing
consultation open today with its cycle for next year's budget, and file builders."""

import datetime as dt
import io

import pytest

from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.extensions import db
from consult.hearings import services

HEADER = ["Directorate", "Programme", "Economic category", "Current year", "Proposed amount"]


@pytest.fixture
def hearing(app, make_consultation):
    """A published budget-hearing consultation, open today, with directorates and places."""
    consultation_id = make_consultation(kind="budget_hearing", planned_year=dt.date.today().year)
    with app.app_context():
        db.session.add_all(
            [
                Directorate(code="EDU", name={"sq": "Drejtoria e Arsimit", "en": "Education"}),
                Directorate(code="HEA", name={"sq": "Drejtoria për Shëndetësi", "en": "Health"}),
                Directorate(
                    code="PUB", name={"sq": "Drejtoria e Shërbimeve Publike", "en": "Public"}
                ),
                LocalCommunity(name={"sq": "Istog", "sr_Latn": "Istok"}, population=5115),
                LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=3126),
                LocalCommunity(name={"sq": "Banjë", "sr_Latn": "Banja"}, population=2874),
            ]
        )
        db.session.commit()
    return consultation_id


@pytest.fixture
def cycle(app, hearing):
    """The hearing cycle of next year's budget, its milestones 20, 45 and 90 days ahead."""
    today = dt.date.today()
    with app.app_context():
        consultation = db.session.get(Consultation, hearing)
        created = services.create_cycle(
            consultation,
            today.year + 1,
            mtbf_due=today + dt.timedelta(days=20),
            circular2_due=today + dt.timedelta(days=45),
            approval_due=today + dt.timedelta(days=90),
        )
        db.session.commit()
        return created.id


def csv_file(rows: list[list], header: list[str] | None = None, delimiter: str = ",") -> bytes:
    """A CSV file of `rows` under `header`, as a spreadsheet program would save it."""
    lines = [header or HEADER, *rows]
    text = "\n".join(delimiter.join(str(cell) for cell in row) for row in lines) + "\n"
    return text.encode("utf-8")


def xlsx_file(rows: list[list], header: list[str] | None = None) -> bytes:
    """An XLSX workbook with `rows` under `header` on its first sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    ["EDU", "Arsimi fillor", "wages", "4350000", "4480000"],
    ["EDU", "Arsimi fillor", "Mallra dhe shërbime", "380000", "400000"],
    ["Drejtoria për Shëndetësi", "Kujdesi parësor", "Wages and salaries", "1950000", "2020000"],
    ["PUB", "Rrugët", "Capital investment", "1650000", "1700000.50"],
]


def upload(client, consultation_id: int, data: bytes, filename: str):
    """Post a draft budget file through the officer's import form."""
    from tests.conftest import csrf_token

    url = f"/manage/hearings/{consultation_id}/?lang=en"
    token = csrf_token(client, url)
    return client.post(
        f"/manage/hearings/{consultation_id}/budget",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
