"""The staff numbers page: the Public Information Office or an administrator enters the staff
of every directorate for a year in one form; bad input changes nothing; every change is
audit-logged; nobody else may open it."""

import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from consult.auth.services import create_user
from consult.core.models import AuditLog
from consult.extensions import db
from consult.surveys.models import StaffCount
from tests.conftest import PASSWORD, csrf_token, submit

URL = "/manage/surveys/staff-counts/2024"


@pytest.fixture
def directorates(make_directorate) -> dict[str, int]:
    return {
        "EDU": make_directorate("EDU", "Drejtoria e Arsimit"),
        "FIN": make_directorate("FIN", "Drejtoria e Financave"),
    }


def stored(app, year: int = 2024) -> dict[int, int]:
    with app.app_context():
        rows = db.session.scalars(select(StaffCount).where(StaffCount.year == year))
        return {row.directorate_id: row.count for row in rows}


def post(client, values: dict, url: str = URL, token: bool = True):
    data = dict(values)
    if token:
        data["csrf_token"] = csrf_token(client, url)
    return client.post(f"{url}?lang=en", data=data)


def field(directorate_id: int) -> str:
    return f"staff_{directorate_id}"


def test_the_office_enters_every_directorate_in_one_form(app, client, login, directorates):
    login("officer")  # no directorate: the Public Information Office
    page = client.get(f"{URL}?lang=en").get_data(as_text=True)
    assert "Staff of the directorates in 2024" in page
    assert '<option value="2024" selected>2024</option>' in page  # the year shown is chosen
    for directorate_id in directorates.values():
        assert f'name="{field(directorate_id)}"' in page
        assert re.search(rf'<label for="{field(directorate_id)}">', page)
    response = post(client, {field(directorates["EDU"]): "24", field(directorates["FIN"]): "7"})
    assert response.status_code == 302
    assert stored(app) == {directorates["EDU"]: 24, directorates["FIN"]: 7}
    shown = client.get(f"{URL}?lang=en").get_data(as_text=True)
    assert "2 staff counts are saved." in shown
    assert 'value="24"' in shown and 'value="7"' in shown


def test_a_correction_and_an_emptied_field_are_audit_logged(app, client, login, directorates):
    login("admin")
    post(client, {field(directorates["EDU"]): "24", field(directorates["FIN"]): "7"})
    response = post(client, {field(directorates["EDU"]): "26", field(directorates["FIN"]): ""})
    assert response.status_code == 302
    assert stored(app) == {directorates["EDU"]: 26}
    with app.app_context():
        entries = db.session.scalars(
            select(AuditLog)
            .where(AuditLog.action == "survey.staff_counts_saved")
            .order_by(AuditLog.id)
        ).all()
        assert [e.target for e in entries] == ["staff_counts:2024", "staff_counts:2024"]
        assert entries[0].details["changes"] == {"EDU": [None, 24], "FIN": [None, 7]}
        assert entries[1].details["changes"] == {"EDU": [24, 26], "FIN": [7, None]}
        assert all(e.actor_id is not None for e in entries)


def test_saving_the_same_numbers_again_logs_nothing(app, client, login, directorates):
    login("officer")
    values = {field(directorates["EDU"]): "24", field(directorates["FIN"]): "7"}
    post(client, values)
    post(client, values)
    with app.app_context():
        count = db.session.scalar(
            text("SELECT COUNT(*) FROM audit_log WHERE action = 'survey.staff_counts_saved'")
        )
    assert count == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3", "Enter a number from 0 to 100000."),
        ("abc", "Enter the number of staff as a whole number, such as 24."),
        ("12.5", "Enter the number of staff as a whole number, such as 24."),
        ("<b>9</b>", "Enter the number of staff as a whole number, such as 24."),
        ("9" * 40, "Enter the number of staff as a whole number, such as 24."),
        ("100001", "Enter a number from 0 to 100000."),
    ],
)
def test_bad_numbers_are_refused_and_nothing_changes(
    app, client, login, directorates, typed, message
):
    login("officer")
    post(client, {field(directorates["EDU"]): "24", field(directorates["FIN"]): "7"})
    response = post(client, {field(directorates["EDU"]): "30", field(directorates["FIN"]): typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Please correct the following:" in page
    assert f'aria-describedby="{field(directorates["FIN"])}-error"' in page
    assert "<b>9</b>" not in page  # typed markup is escaped where it is shown again
    assert stored(app) == {directorates["EDU"]: 24, directorates["FIN"]: 7}


def test_a_post_without_the_csrf_token_changes_nothing(app, client, login, directorates):
    login("officer")
    response = post(client, {field(directorates["EDU"]): "24"}, token=False)
    assert response.status_code == 400
    assert stored(app) == {}


def test_an_unknown_directorate_field_is_ignored(app, client, login, directorates):
    login("officer")
    response = post(client, {field(directorates["EDU"]): "24", "staff_999999": "5"})
    assert response.status_code == 302
    assert stored(app) == {directorates["EDU"]: 24}


@pytest.mark.parametrize("role", ["chair", "cso"])
def test_other_roles_may_not_open_the_page(client, login, directorates, role):
    login(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={field(directorates["EDU"]): "3"}).status_code in (400, 403)


def test_an_officer_of_one_directorate_may_not_enter_every_directorates_staff(
    app, client, login, directorates
):
    login("officer", directorate_id=directorates["EDU"])
    assert client.get(URL).status_code == 403
    assert client.get("/manage/surveys/staff-counts").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, directorates):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post(URL, data={field(directorates["EDU"]): "3"}).status_code in (302, 400)


def test_years_outside_the_databases_range_are_not_found(client, login, directorates):
    login("officer")
    assert client.get("/manage/surveys/staff-counts/1999").status_code == 404
    assert client.get("/manage/surveys/staff-counts/2101").status_code == 404
    assert client.get("/manage/surveys/staff-counts/99999999999").status_code == 404


def test_the_year_chooser_goes_to_the_year_or_this_year(client, login, directorates):
    login("officer")
    chosen = client.get("/manage/surveys/staff-counts?year=2023")
    assert chosen.headers["Location"].endswith("/manage/surveys/staff-counts/2023")
    for bad in ("abc", "1999", "<x>", "２０２３"):
        response = client.get("/manage/surveys/staff-counts", query_string={"year": bad})
        assert response.status_code == 302
        assert re.search(r"/staff-counts/20\d\d$", response.headers["Location"])


def test_the_database_refuses_a_negative_count_and_a_second_row(app, directorates):
    with app.app_context():
        db.session.add(StaffCount(directorate_id=directorates["EDU"], year=2024, count=-1))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        db.session.add(StaffCount(directorate_id=directorates["EDU"], year=2024, count=3))
        db.session.flush()
        db.session.add(StaffCount(directorate_id=directorates["EDU"], year=2024, count=4))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_last_years_count_is_shown_as_a_hint(app, client, login, directorates):
    with app.app_context():
        db.session.add(StaffCount(directorate_id=directorates["FIN"], year=2023, count=11))
        db.session.commit()
    login("officer")
    page = client.get(f"{URL}?lang=en").get_data(as_text=True)
    assert "Last year: 11" in page
    assert f'aria-describedby="{field(directorates["FIN"])}-hint"' in page


def test_the_back_office_links_the_page_for_those_who_may_use_it(client, login, directorates):
    login("officer", directorate_id=directorates["FIN"])
    theirs = client.get("/manage/?lang=en").get_data(as_text=True)
    assert "Capital investments" in theirs
    assert "/manage/surveys/staff-counts" not in theirs
    other = client.application.test_client()
    email = "pio@istog.example"
    with client.application.app_context():
        create_user(email, "PIO", PASSWORD, "officer", None)
        db.session.commit()
    assert submit(other, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    page = other.get("/manage/?lang=en").get_data(as_text=True)
    assert 'href="/manage/surveys/staff-counts"' in page
