"""The raw export: one row per response, but never a group of fewer than k respondents.

A row's group is what describes its respondent (the directorate, and the answers on gender,
age band and local community); the owner also reads the report, whose overall figures minus
the export's rows must not give a left-out group away.
"""

import csv
import datetime as dt
import io

from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys.services import add_demographics, save_response
from tests.surveys.conftest import build_survey
from tests.surveys.test_live_results import respond, set_status


def raw(client, survey_id: int) -> list[dict]:
    response = client.get(f"/manage/surveys/{survey_id}/raw.csv?lang=en")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_small_directorates_are_left_out_with_the_next_smallest(app, client, login, survey_id):
    respond(app, survey_id, "EDU", 9)
    respond(app, survey_id, "URB", 12, channel="meetings")
    respond(app, survey_id, "HEA", 6, channel="teams")
    respond(app, survey_id, "FIN", 4, channel="meetings")
    set_status(app, survey_id, "closed")
    login("officer")
    rows = raw(client, survey_id)
    assert sorted({row["Directorate"] for row in rows}) == ["EDU", "URB"]
    assert len(rows) == 21
    assert list(rows[0])[:2] == ["Directorate", "channel"]  # no week, no day


def test_two_small_directorates_hide_each_other(app, client, login, survey_id):
    respond(app, survey_id, "EDU", 9)
    respond(app, survey_id, "FIN", 3, channel="meetings")
    respond(app, survey_id, "SEC", 3, channel="teams")
    set_status(app, survey_id, "closed")
    login("officer")
    assert {row["Directorate"] for row in raw(client, survey_id)} == {"EDU"}


def test_free_text_of_fewer_than_eight_authors_is_left_blank(app, client, login, survey_id):
    respond(app, survey_id, "EDU", 9, ideas="")
    respond(app, survey_id, "URB", 12, ideas="")
    respond(app, survey_id, "URB", 3, ideas="Sekretari nuk i shpërndan njoftimet")
    respond(app, survey_id, "HEA", 10, ideas="Më shumë takime")
    set_status(app, survey_id, "closed")
    login("officer")
    rows = raw(client, survey_id)
    assert len(rows) == 34
    assert not [row for row in rows if "Sekretari" in row["ideas"]]
    # HEA's 10 texts go too: the report's full list minus them would be URB's 3
    assert not [row for row in rows if row["ideas"]]


def test_citizen_rows_are_grouped_by_what_they_say_of_themselves(
    app, client, login, make_consultation
):
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey = build_survey(
            db.session.get(Consultation, consultation_id), "citizen", ask_gender=True
        )
        add_demographics(survey)
        for gender, times in (("woman", 7), ("man", 9), ("not_said", 2)):
            for _ in range(times):
                answers = {"channel": "email", "informed": 4, "gender": gender}
                save_response(survey, answers, dt.date(2024, 10, 8))
        survey.consultation.status = "closed"
        db.session.commit()
        survey_id = survey.id
    login("officer")
    rows = raw(client, survey_id)
    assert {row["gender"] for row in rows} == {"man"}  # not_said (2) and its complement


def test_rows_come_in_a_new_random_order_every_time(app, client, login, survey_id):
    for meetings in range(1, 10):
        respond(app, survey_id, "EDU", 1, meetings=meetings)
    set_status(app, survey_id, "closed")
    login("officer")
    orders = {tuple(row["meetings"] for row in raw(client, survey_id)) for _ in range(5)}
    assert len(orders) > 1
