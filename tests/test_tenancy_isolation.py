"""Two municipalities on one install (issue #22): nothing of one is reached from the other.

The first municipality (id 1, every host no other names) gets the whole Istog demo; the second
(`prizren.example`) a directorate, an officer, an admin, a chair, a draft act with a comment,
a poll with a ballot and a survey with a response. Then, for each role, every GET route of the
app that takes an id is filled with the first municipality's ids: a URL that the first
municipality's own user reaches (any answer but 404) must answer 404 to the second's.
"""

import datetime as dt
import itertools
import re
import uuid
from collections import Counter

import pytest
from sqlalchemy import select, text

from consult.auth.services import create_user
from consult.comments.models import Comment
from consult.core.models import Consultation, Directorate
from consult.core.municipalities import Municipality
from consult.core.tenancy import OtherMunicipalityError, current_municipality_id, serving
from consult.extensions import db, limiter
from consult.polls import ballot_box
from consult.polls import services as polls
from consult.surveys import services as surveys
from consult.surveys.models import Response, SurveyAnswer
from tests.conftest import COMPLETE_TEXT, PASSWORD, submit

SECOND_HOST = "prizren.example"
TEXTS = {"sq": "Prizren", "sr_Latn": "Prizren", "bs": "Prizren", "en": "Prizren"}

#: the table whose ids an argument of a route names (several: any of them)
TABLES_OF = {
    "consultation_id": ["consultations"],
    "document_id": ["documents"],
    "user_id": ["users"],
    "entry_id": ["audit_log", "outreach_log", "plan_entries"],
    "organisation_id": ["organisations"],
    "meeting_id": ["meetings"],
    "investment_id": ["capital_investments"],
    "photo_id": ["capital_investment_photos"],
    "list_id": ["audience_lists"],
    "member_id": ["audience_members"],
    "send_id": ["audience_sends"],
    "comment_id": ["comments"],
    "article_id": ["articles"],
    "directorate_id": ["directorates"],
    "community_id": ["local_communities"],
    "proposal_id": ["capital_proposals"],
    "hearing_id": ["planned_hearings", "meetings"],
    "change_id": ["budget_changes"],
    "survey_id": ["surveys"],
    "question_id": ["survey_questions"],
    "section_id": ["survey_sections"],
    "poll_id": ["polls"],
    "project_id": ["poll_projects"],
    "batch_id": ["poll_paper_batches"],
}
#: arguments that name no row: a value to try
VALUES_OF = {"number": [1, 2], "lineage": [1, 2], "year": [dt.date.today().year]}
#: at most this many ids of each table are tried, and this many URLs per route
IDS_PER_TABLE, URLS_PER_ROUTE = 4, 12
#: URLs of one route that the first's own user reaches, tested against the second's
REACHED_PER_ROUTE = 3


def make_second_municipality(app) -> dict:
    """The second municipality with one of everything; returns its ids and e-mails."""
    with app.app_context():
        second = Municipality(slug="prizren", host=SECOND_HOST, name=TEXTS)
        db.session.add(second)
        db.session.commit()
        made = {"municipality_id": second.id}
        with serving(second.id):
            made |= _fill(second.id)
        db.session.commit()
    return made


def _fill(municipality_id: int) -> dict:
    today = dt.date.today()
    directorate = Directorate(code="EDU", name={"sq": "Arsimi", "en": "Education"})
    db.session.add(directorate)
    db.session.flush()
    emails = {}
    for role in ("officer", "admin", "chair"):
        user = create_user(f"{role}@prizren.example", role.title(), PASSWORD, role, None)
        emails[role] = user.email
    consultations = {}
    for kind in ("draft_act", "capital_poll", "survey"):
        consultation = Consultation(
            kind=kind,
            status="open",
            title=dict(TEXTS),
            summary=dict(COMPLETE_TEXT),
            body=dict(COMPLETE_TEXT),
            contact_name="Prizren",
            contact_email="pio@prizren.example",
            directorate=directorate,
            planned_year=today.year,
            notice_at=today - dt.timedelta(days=20),
            opens_at=today - dt.timedelta(days=5),
            closes_at=today + dt.timedelta(days=20),
        )
        db.session.add(consultation)
        consultations[kind] = consultation
    db.session.flush()
    db.session.add(
        Comment(
            consultation_id=consultations["draft_act"].id,
            author_kind="citizen",
            language="sq",
            text="Komenti i Prizrenit",
            confirmed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
    )
    poll = polls.create_poll(consultations["capital_poll"], {"budget": 100_000})
    project = polls.save_project(poll, None, {"title": dict(TEXTS), "cost": 40_000})
    db.session.flush()
    ballot_box.put(
        poll.id,
        [{"poll_id": poll.id, "identity_hash": "h" * 64, "channel": "online", "day": today}],
        [
            {
                "id": str(uuid.uuid4()),
                "poll_id": poll.id,
                "day": today,
                "channel": "online",
                "choices": [project.code],
            }
        ],
    )
    survey = surveys.create_survey(consultations["survey"], "citizen", today.year)
    section = surveys.add_section(survey, dict(TEXTS))
    question = surveys.add_question(section, "opinion", "short_text", dict(TEXTS))
    db.session.flush()
    response = Response(survey_id=survey.id, day=today)
    db.session.add(response)
    db.session.flush()
    db.session.add(SurveyAnswer(response_id=response.id, question_id=question.id, text="Mirë"))
    db.session.flush()
    assert current_municipality_id() == municipality_id
    return {
        "emails": emails,
        "consultation_ids": [c.id for c in consultations.values()],
        "poll_id": poll.id,
        "survey_id": survey.id,
        "directorate_id": directorate.id,
    }


def signed_in(app, role: str, host: str | None, make_user=None):
    """A client of `host` (None: the first municipality) signed in as a user of `role`."""
    client = app.test_client()
    base = f"http://{host}" if host else "http://localhost"
    if make_user is not None:
        make_user(role, email=f"{role}.first@istog.example")
        email = f"{role}.first@istog.example"
    else:
        email = f"{role}@prizren.example"
    response = submit(client, f"{base}/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, (role, host, response.get_data(as_text=True)[:500])
    return client, base


def _first_ids(app) -> dict[str, list[int]]:
    """Ids of the first municipality's rows, table by table."""
    with app.app_context(), db.engine.connect() as connection:
        tables = {table for tables in TABLES_OF.values() for table in tables}
        return {
            table: [
                row[0]
                for row in connection.execute(
                    text(
                        f"SELECT id FROM {table} WHERE municipality_id = 1 "  # noqa: S608
                        f"ORDER BY id LIMIT {IDS_PER_TABLE}"
                    )
                )
            ]
            for table in tables
        }


def _urls(app, ids: dict[str, list[int]]):
    """(rule, URL) for every GET route taking an id, filled with the first municipality's."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        arguments = [
            name for name, conv in rule._converters.items() if type(conv).__name__ == "BoundedInt"
        ]
        if not arguments or set(rule.arguments) - set(arguments):
            continue  # no id, or a token / file name / choice besides (not an id of a row)
        if not set(arguments) & set(TABLES_OF):
            continue  # only a year: a list, read in the lists test
        choices = []
        for name in arguments:
            if name in TABLES_OF:
                choices.append(sorted({i for t in TABLES_OF[name] for i in ids[t]}))
            else:
                choices.append(VALUES_OF[name])
        combos = itertools.islice(itertools.product(*choices), URLS_PER_ROUTE)
        for combo in combos:
            yield rule.rule, rule.build(dict(zip(arguments, combo, strict=True)))[1]


@pytest.mark.slow
@pytest.mark.parametrize("role", ["officer", "admin", "chair"])
def test_no_url_of_the_second_municipality_reaches_an_object_of_the_first(
    app, runner, make_user, role
):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    make_second_municipality(app)
    ids = _first_ids(app)
    first, first_base = signed_in(app, role, None, make_user)
    second, second_base = signed_in(app, role, SECOND_HOST)

    reached, leaks = Counter(), []
    for rule, url in _urls(app, ids):
        if reached[rule] >= REACHED_PER_ROUTE:
            continue
        limiter.reset()  # both clients come from one address; the PDF limits would answer 429
        control = first.get(first_base + url)
        control.close()
        if not 200 <= control.status_code < 400:
            continue  # not an object of the first municipality, or not for this role
        reached[rule] += 1
        answer = second.get(second_base + url)
        answer.close()
        if answer.status_code != 404:
            leaks.append((url, control.status_code, answer.status_code))
    assert leaks == [], "\n".join(map(str, leaks))
    assert len(reached) > 30, sorted(reached)  # the walk did reach the first's objects


def test_lists_and_open_data_of_the_second_show_nothing_of_the_first(app, runner):
    runner.invoke(args=["seed-demo"])
    made = make_second_municipality(app)
    with app.app_context():
        titles = [
            title["sq"]
            for (title,) in db.session.execute(
                select(Consultation.title).execution_options(all_municipalities=True)
            )
            if title.get("sq") != "Prizren"
        ]
    assert titles
    client = app.test_client()
    base = f"http://{SECOND_HOST}"
    for url in ("/", "/archive", "/meetings", "/investments", "/plan", "/api/v1/consultations"):
        page = client.get(base + url, follow_redirects=True)
        assert page.status_code == 200, url
        body = page.get_data(as_text=True)
        assert not [t for t in titles if t in body], url
    listed = client.get(base + "/api/v1/consultations").get_json()
    data = listed["data"] if isinstance(listed, dict) and "data" in listed else listed
    found = {item["id"] for item in (data.get("items", data) if isinstance(data, dict) else data)}
    assert found <= {str(i) for i in made["consultation_ids"]} | set(made["consultation_ids"])
    # and the first municipality's home page shows none of the second's
    home = app.test_client().get("/").get_data(as_text=True)
    assert "Prizren" not in home


def test_a_write_to_another_municipalitys_row_is_refused_by_the_flush_guard(app):
    made = make_second_municipality(app)
    with app.app_context():
        # read across municipalities on purpose, as only the national view may
        other = db.session.scalars(
            select(Directorate).execution_options(all_municipalities=True)
        ).one()
        assert other.municipality_id == made["municipality_id"]
        other.code = "HACK"
        with pytest.raises(OtherMunicipalityError):
            db.session.flush()
        db.session.rollback()
        db.session.add(Directorate(code="X", name={}, municipality_id=made["municipality_id"]))
        with pytest.raises(OtherMunicipalityError):
            db.session.flush()
        db.session.rollback()
        other = db.session.scalars(
            select(Directorate).execution_options(all_municipalities=True)
        ).one()
        db.session.delete(other)
        with pytest.raises(OtherMunicipalityError):
            db.session.flush()
        db.session.rollback()


def test_queries_by_id_and_bulk_changes_stay_in_their_municipality(app):
    made = make_second_municipality(app)
    with app.app_context():
        assert db.session.get(Directorate, made["directorate_id"]) is None
        assert db.session.get(Consultation, made["consultation_ids"][0]) is None
        assert db.session.scalars(select(Comment)).all() == []
        assert db.session.scalars(select(Response)).all() == []
        from sqlalchemy import update

        changed = db.session.execute(update(Directorate).values(code="ZZZ")).rowcount
        assert changed == 0
        db.session.rollback()
    with app.app_context(), serving(made["municipality_id"]):
        assert db.session.get(Directorate, made["directorate_id"]).code == "EDU"
        assert len(db.session.scalars(select(Comment)).all()) == 1


def test_the_statements_built_once_stay_in_their_municipality(app):
    """The vote's and the staff answer's hot statements are Core on the tables, built once
    with the municipality a bound value (the ORM's scoping does not see Core): from the first
    municipality, the second's poll, voter, participation, survey and codes are not there."""
    from types import SimpleNamespace

    from consult.polls.models import VoterListEntry
    from consult.polls.revisions import current_revision
    from consult.surveys.claims import claim_code, release_claim
    from consult.surveys.models import StaffToken, Survey

    made = make_second_municipality(app)
    poll = SimpleNamespace(id=made["poll_id"])
    with app.test_request_context("/", base_url=f"http://{SECOND_HOST}"):
        app.preprocess_request()
        db.session.add(
            VoterListEntry(
                poll_id=poll.id, identity_hash=polls.identity_hash("pn", "1"), birth_year=1990
            )
        )
        survey = db.session.get(Survey, made["survey_id"])
        db.session.add(
            StaffToken(
                token_hash="t" * 64, survey_id=survey.id, directorate_id=made["directorate_id"]
            )
        )
        db.session.commit()
        seen_there = (
            current_revision(poll.id) is not None,
            polls.find_voter(poll, "1", 1990) is not None,
            polls.has_voted(poll, "h" * 64),
            claim_code(survey, "t" * 64, "c" * 24).held,
            claim_code(survey, "t" * 64, "c" * 24).held,  # renewed by the once-built UPDATE
        )
        db.session.commit()  # the claim stands
    assert seen_there == (True, True, True, True, True)
    with app.test_request_context("/"):
        app.preprocess_request()
        assert current_municipality_id() != made["municipality_id"]
        assert current_revision(poll.id) is None
        assert polls.find_voter(poll, "1", 1990) is None
        assert not polls.has_voted(poll, "h" * 64)
        # the second's survey as the first would name it: neither renewed nor claimed here
        other = SimpleNamespace(id=made["survey_id"])
        assert not claim_code(other, "t" * 64, "c" * 24).held
        release_claim("t" * 64, None)  # would raise CodeClaimed had it seen the live claim
        db.session.rollback()


def test_the_host_header_chooses_the_municipality(app):
    made = make_second_municipality(app)
    with app.test_request_context("/", base_url=f"http://{SECOND_HOST}:8000"):
        assert current_municipality_id() == made["municipality_id"]
    with app.test_request_context("/", base_url="http://elsewhere.example"):
        assert current_municipality_id() == 1
    with app.app_context():
        assert current_municipality_id() == 1


def _post_urls(app, ids: dict[str, list[int]]):
    """(rule, URL) for every POST route whose arguments are all ids, filled with the first
    municipality's (a few per route)."""
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        arguments = [
            name for name, conv in rule._converters.items() if type(conv).__name__ == "BoundedInt"
        ]
        if not arguments or set(rule.arguments) - set(arguments):
            continue
        if not set(arguments) & set(TABLES_OF):
            continue
        choices = [
            sorted({i for t in TABLES_OF[name] for i in ids[t]})
            if name in TABLES_OF
            else VALUES_OF[name]
            for name in arguments
        ]
        for combo in itertools.islice(itertools.product(*choices), 3):
            yield rule.rule, rule.build(dict(zip(arguments, combo, strict=True)))[1]


def _first_rows(app) -> dict[str, list[tuple]]:
    """Every row of the first municipality, table by table, as a DBA would dump them."""
    with app.app_context(), db.engine.connect() as connection:
        owned = [t for t in db.metadata.sorted_tables if "municipality_id" in t.c]
        return {
            table.name: sorted(
                repr(tuple(row))
                for row in connection.execute(select(table).where(table.c.municipality_id == 1))
            )
            for table in owned
        }


@pytest.mark.parametrize("role", ["officer", "admin", "chair"])
def test_no_form_sent_to_the_second_municipality_changes_anything_of_the_first(app, runner, role):
    """Every POST route with ids, sent by the second municipality's user with a valid form
    token and the first municipality's ids: nothing of the first changes, and the answer is
    'not found' (or a refusal), never a success or a server error."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    make_second_municipality(app)
    ids = _first_ids(app)
    second, base = signed_in(app, role, SECOND_HOST)
    page = second.get(f"{base}/account/password?lang=en").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    before = _first_rows(app)
    answers = Counter()
    wrong = []
    for _rule, url in _post_urls(app, ids):
        limiter.reset()
        answer = second.post(base + url, data={"csrf_token": token, "confirm": "y"})
        answer.close()
        answers[answer.status_code] += 1
        if answer.status_code not in (400, 403, 404, 405, 409):
            wrong.append((url, answer.status_code))
    assert wrong == [], "\n".join(map(str, wrong))
    assert sum(answers.values()) > 40, answers  # the walk did post to the first's objects
    after = _first_rows(app)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], changed
