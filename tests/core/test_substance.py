"""What a consultation must carry before it is announced (`each kind's substance_checks`): each
kind's check finds what is missing and nothing once it is there, its number comes from
`STANDARDS` (0 switches it off), and the public pages say what is really there."""

import datetime as dt

import pytest
from flask_babel import force_locale

from config import Config
from consult.consultations import services as acts
from consult.consultations.models import Article
from consult.core import lifecycle
from consult.core.kinds import registry
from consult.core.models import CONSULTATION_KINDS, Consultation, Directorate, Document
from consult.extensions import db
from consult.hearings import services as hearings
from consult.hearings.models import BudgetLine
from consult.polls import services as polls
from consult.surveys import services as surveys
from tests.conftest import COMPLETE_TEXT

STANDARDS = Config.STANDARDS


def _new(make_consultation, kind: str, **fields) -> Consultation:
    return db.session.get(Consultation, make_consultation(kind=kind, status="draft", **fields))


def _found(consultation: Consultation, standards: dict = STANDARDS) -> list[tuple[str, str]]:
    """(rule, message in English) of what the registry says is missing."""
    findings = lifecycle.substance_findings(consultation, standards)
    assert all(f.severity == "block" and f.due is None for f in findings)
    return [(f.rule_id, str(f.message)) for f in findings]


def _rules(consultation: Consultation, standards: dict = STANDARDS) -> list[str]:
    return [rule for rule, _ in _found(consultation, standards)]


def _document(consultation: Consultation, role: str) -> Document:
    document = Document(
        consultation=consultation,
        role=role,
        title={"sq": f"Dokumenti {role}"},
        original_name=f"{role}.pdf",
        file_type="pdf",
        size_bytes=14,
    )
    db.session.add(document)
    db.session.flush()
    return document


def _article(consultation: Consultation, number: int = 1) -> None:
    db.session.add(
        Article(consultation=consultation, number=number, heading={}, text=dict(COMPLETE_TEXT))
    )
    db.session.flush()


def test_every_kind_has_its_check(app):
    kinds = registry(app).kinds
    assert set(kinds) == set(CONSULTATION_KINDS)
    for kind in kinds.values():
        checks = kind.substance_checks
        assert checks and len(checks) == len(set(checks)), kind.code


# ---------------------------------------------------------------- draft acts: MS-TEXT, MS-NOTE


def test_an_empty_draft_act_lacks_its_text_and_its_note(ctx, make_consultation):
    act = _new(make_consultation, "draft_act")
    assert _found(act) == [
        ("MS-TEXT", "The draft act has neither articles nor an attached draft document."),
        ("MS-NOTE", "No explanatory note is attached."),
    ]


def test_an_annex_is_neither_the_text_nor_the_note(ctx, make_consultation):
    act = _new(make_consultation, "draft_act")
    _document(act, "other")
    assert _rules(act) == ["MS-TEXT", "MS-NOTE"]


@pytest.mark.parametrize("text", ["articles", "draft document"])
def test_articles_or_a_draft_document_are_the_text(ctx, make_consultation, text):
    act = _new(make_consultation, "draft_act")
    if text == "articles":
        _article(act)
    else:
        _document(act, "draft")
    assert _rules(act) == ["MS-NOTE"]
    _document(act, "explanatory_note")
    assert _rules(act) == []


def test_a_note_alone_is_not_the_text(ctx, make_consultation):
    act = _new(make_consultation, "draft_act")
    _document(act, "explanatory_note")
    assert _rules(act) == ["MS-TEXT"]


def test_zero_switches_the_draft_act_rules_off(ctx, make_consultation):
    act = _new(make_consultation, "draft_act")
    assert _rules(act, {**STANDARDS, "MS_TEXT_REQUIRED": 0}) == ["MS-NOTE"]
    assert _rules(act, {**STANDARDS, "MS_NOTE_REQUIRED": 0}) == ["MS-TEXT"]
    assert _rules(act, {**STANDARDS, "MS_TEXT_REQUIRED": 0, "MS_NOTE_REQUIRED": 0}) == []


def test_the_draft_act_is_counted_in_one_query(ctx, make_consultation, sql_log):
    act = _new(make_consultation, "draft_act")
    _article(act)
    _article(act, 2)
    _document(act, "draft")
    sql_log.clear()
    assert acts.act_text(act) == acts.ActText(articles=2, drafts=1, notes=0)
    assert len(sql_log) == 1 and "count(" in sql_log[0].lower()


# ---------------------------------------------------------------- budget hearings: BH-DRAFT


def _line(cycle, directorate: Directorate, programme: str = "Administrata") -> None:
    db.session.add(
        BudgetLine(
            cycle=cycle,
            directorate=directorate,
            programme=programme,
            category="wages",
            current_cents=100,
            proposed_cents=120,
        )
    )
    db.session.flush()


def test_a_hearing_without_a_cycle_has_no_draft_budget(ctx, make_consultation):
    hearing = _new(make_consultation, "budget_hearing")
    assert _found(hearing) == [
        ("BH-DRAFT", "The hearing has no budget year yet, so no draft budget is imported.")
    ]


def test_a_hearing_is_announced_with_its_draft_budget_imported(
    ctx, make_consultation, make_directorate
):
    directorate = db.session.get(Directorate, make_directorate())
    hearing = _new(make_consultation, "budget_hearing", directorate_id=directorate.id)
    cycle = hearings.create_cycle(hearing, 2027)
    assert _found(hearing) == [("BH-DRAFT", "The draft budget for 2027 is not imported yet.")]
    _line(cycle, directorate)
    assert _rules(hearing) == []
    assert _rules(hearing, {**STANDARDS, "BH_DRAFT_REQUIRED": 0}) == []


def test_the_latest_budget_year_must_have_its_draft(ctx, make_consultation, make_directorate):
    directorate = db.session.get(Directorate, make_directorate())
    hearing = _new(make_consultation, "budget_hearing")
    _line(hearings.create_cycle(hearing, 2026), directorate)
    hearings.create_cycle(hearing, 2027)
    assert _found(hearing) == [("BH-DRAFT", "The draft budget for 2027 is not imported yet.")]


def test_zero_switches_the_hearing_rule_off(ctx, make_consultation):
    hearing = _new(make_consultation, "budget_hearing")
    assert _rules(hearing, {**STANDARDS, "BH_DRAFT_REQUIRED": 0}) == []


# ---------------------------------------------------------------- polls: CP-PROJECTS


def _poll_with(consultation: Consultation, projects: int):
    poll = polls.create_poll(consultation, {"budget": 100_000})
    for number in range(projects):
        polls.save_project(poll, None, {"title": {"sq": f"Projekti {number}"}, "cost": 1000})
    return poll


def test_a_poll_without_a_ballot_has_no_projects(ctx, make_consultation):
    poll = _new(make_consultation, "capital_poll")
    assert _found(poll) == [("CP-PROJECTS", "Projects on the poll: 0; at least 2 are needed.")]


@pytest.mark.parametrize(
    ("projects", "minimum", "missing"),
    [(1, 2, True), (2, 2, False), (2, 3, True), (3, 3, False), (0, 0, False)],
)
def test_a_poll_needs_its_minimum_of_projects(ctx, make_consultation, projects, minimum, missing):
    consultation = _new(make_consultation, "capital_poll")
    _poll_with(consultation, projects)
    found = _found(consultation, {**STANDARDS, "CP_MIN_PROJECTS": minimum})
    expected = f"Projects on the poll: {projects}; at least {minimum} are needed."
    assert found == ([("CP-PROJECTS", expected)] if missing else [])


# ---------------------------------------------------------------- surveys: SV-QUESTIONS


def _survey_with(consultation: Consultation, questions: int, **demographics: bool):
    survey = surveys.create_survey(consultation, "citizen", 2026, **demographics)
    section = surveys.add_section(survey, {"sq": "Pjesa 1"})
    for number in range(questions):
        surveys.add_question(section, f"q{number}", "short_text", {"sq": f"Pyetja {number}"})
    surveys.add_demographics(survey)
    return survey


def test_a_survey_without_a_questionnaire_has_no_questions(ctx, make_consultation):
    survey = _new(make_consultation, "survey")
    assert _rules(survey) == ["SV-QUESTIONS"]


def test_the_questions_on_the_respondent_do_not_count(ctx, make_consultation):
    consultation = _new(make_consultation, "survey")
    _survey_with(consultation, 0, ask_gender=True, ask_age_band=True)
    assert _found(consultation) == [
        (
            "SV-QUESTIONS",
            "Questions in the survey, not counting gender, age band and local community: 0; "
            "at least 1 are needed.",
        )
    ]


@pytest.mark.parametrize(
    ("questions", "minimum", "missing"), [(1, 1, False), (1, 2, True), (0, 0, False)]
)
def test_a_survey_needs_its_minimum_of_questions(
    ctx, make_consultation, questions, minimum, missing
):
    consultation = _new(make_consultation, "survey")
    _survey_with(consultation, questions)
    found = _rules(consultation, {**STANDARDS, "SV_MIN_QUESTIONS": minimum})
    assert found == (["SV-QUESTIONS"] if missing else [])


# ---------------------------------------------------------------- configuration


def test_a_configuration_without_the_numbers_uses_the_defaults(ctx, make_consultation):
    """A test or an older instance config without the new keys still applies the rules."""
    found = {
        kind: _rules(_new(make_consultation, kind), {"MS_DURATION_DAYS": 15})
        for kind in CONSULTATION_KINDS
    }
    assert found == {
        "draft_act": ["MS-TEXT", "MS-NOTE"],
        "budget_hearing": ["BH-DRAFT"],
        "capital_poll": ["CP-PROJECTS"],
        "survey": ["SV-QUESTIONS"],
    }


def test_the_defaults_are_in_the_configuration():
    assert {
        key: STANDARDS[key]
        for key in (
            "MS_TEXT_REQUIRED",
            "MS_NOTE_REQUIRED",
            "BH_DRAFT_REQUIRED",
            "CP_MIN_PROJECTS",
            "SV_MIN_QUESTIONS",
        )
    } == {
        "MS_TEXT_REQUIRED": 1,
        "MS_NOTE_REQUIRED": 1,
        "BH_DRAFT_REQUIRED": 1,
        "CP_MIN_PROJECTS": 2,
        "SV_MIN_QUESTIONS": 1,
    }


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "bs"])
def test_the_findings_speak_the_officers_language(ctx, make_consultation, locale):
    consultations = [_new(make_consultation, kind) for kind in CONSULTATION_KINDS]
    english = [m for c in consultations for _, m in _found(c)]
    with force_locale(locale):
        translated = [m for c in consultations for _, m in _found(c)]
    assert len(translated) == len(english) == 5
    assert all(t != e for t, e in zip(translated, english, strict=True)), translated


# ---------------------------------------------------------------- the public pages


def _page(client, consultation_id: int) -> str:
    response = client.get(f"/consultations/{consultation_id}?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_draft_act_without_text_does_not_point_to_an_attached_draft(
    app, client, make_consultation
):
    """Published before the rule: no articles, no draft document; the page says so."""
    consultation_id = make_consultation()
    page = _page(client, consultation_id)
    assert "read the attached draft" not in page
    assert "Neither the articles of the act nor a draft document are published here." in page
    assert "Ask the contact official for the text of the act." in page
    assert "No documents are attached yet." in page


def test_a_draft_act_with_a_draft_document_links_to_it(app, client, make_consultation):
    consultation_id = make_consultation()
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        draft = _document(consultation, "draft").id
        _document(consultation, "explanatory_note")
        db.session.commit()
    page = _page(client, consultation_id)
    assert "read the draft act in the attached document" in page
    section = page[page.index('id="articles-heading"') : page.index("Give your comment")]
    assert f'href="/documents/{draft}"' in section
    assert "Neither the articles" not in page
    assert "The draft itself" in page and "Explanatory note" in page


def test_a_draft_act_with_articles_shows_them(app, client, make_consultation):
    consultation_id = make_consultation()
    with app.app_context():
        _article(db.session.get(Consultation, consultation_id))
        db.session.commit()
    page = _page(client, consultation_id)
    assert "The draft act, article by article" in page and "Article 1" in page
    assert "attached document" not in page and "Neither the articles" not in page


def test_a_poll_without_projects_does_not_invite_to_vote(app, client, make_consultation):
    consultation_id = make_consultation(kind="capital_poll")
    with app.app_context():
        poll_id = _poll_with(db.session.get(Consultation, consultation_id), 0).id
        db.session.commit()
    page = _page(client, consultation_id)
    assert "No projects are on the ballot." in page
    assert "See the projects and vote" not in page and "compete for the budget" not in page
    ballot = client.get(f"/polls/{poll_id}?lang=en").get_data(as_text=True)
    assert "No projects are on the ballot." in ballot
    assert 'value="continue"' not in ballot and 'id="personal_number"' not in ballot


def test_a_poll_with_projects_invites_to_vote(app, client, make_consultation):
    consultation_id = make_consultation(kind="capital_poll")
    with app.app_context():
        _poll_with(db.session.get(Consultation, consultation_id), 2)
        db.session.commit()
    page = _page(client, consultation_id)
    assert "2 projects compete for the budget." in page and "See the projects and vote" in page
    assert "No projects are on the ballot." not in page


def test_a_survey_without_questions_does_not_invite_to_answer(app, client, make_consultation):
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        surveys.create_survey(db.session.get(Consultation, consultation_id), "citizen", 2026)
        db.session.commit()
    page = _page(client, consultation_id)
    assert "This survey has no questions." in page and "Answer the survey" not in page


def test_a_hearing_without_its_draft_budget_says_so(
    app, client, make_consultation, make_directorate
):
    consultation_id = make_consultation(kind="budget_hearing")
    with app.app_context():
        hearings.create_cycle(db.session.get(Consultation, consultation_id), dt.date.today().year)
        db.session.commit()
    page = _page(client, consultation_id)
    assert "The draft budget is not published yet." in page
    assert "Explore the draft budget" not in page and "Comment on the draft budget" not in page
