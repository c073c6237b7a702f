"""Programme names in every language: the finance directorate's file names the programme (in
Albanian), the back office adds the other languages, readers see their own or the Albanian
name marked as shown in Albanian."""

import pytest
from sqlalchemy import func, select

from consult.core.models import Directorate
from consult.extensions import db
from consult.hearings import services
from consult.hearings.demo_data.programmes import PROGRAMME_NAMES, apply_programme_names
from consult.hearings.models import BudgetLine, HearingCycle, ProgrammeName
from tests.conftest import csrf_token
from tests.hearings.conftest import csv_file, upload

SCHOOLS = "Arsimi fillor"
ROADS = "Rrugët"


def add_lines(cycle_id: int) -> None:
    """Two lines of the draft: schools (EDU, wages) and roads (PUB, capital)."""
    edu = db.session.scalar(select(Directorate.id).where(Directorate.code == "EDU"))
    pub = db.session.scalar(select(Directorate.id).where(Directorate.code == "PUB"))
    db.session.add_all(
        [
            BudgetLine(
                cycle_id=cycle_id,
                directorate_id=edu,
                programme=SCHOOLS,
                category="wages",
                current_cents=100_00,
                proposed_cents=120_00,
                position=1,
            ),
            BudgetLine(
                cycle_id=cycle_id,
                directorate_id=pub,
                programme=ROADS,
                category="capital",
                current_cents=500_00,
                proposed_cents=600_00,
                position=2,
            ),
        ]
    )
    db.session.flush()


def _name_schools(app, cycle_id: int) -> None:
    with app.app_context():
        add_lines(cycle_id)
        cycle = db.session.get(HearingCycle, cycle_id)
        assert services.name_programme(
            cycle, SCHOOLS, {"sr_Latn": "Osnovno obrazovanje", "en": "Primary education"}
        )
        db.session.commit()


def test_a_translated_programme_shows_the_readers_language(app, client, cycle, hearing):
    _name_schools(app, cycle)
    html = client.get(f"/hearings/{hearing}/budget?lang=sr_Latn").get_data(as_text=True)
    assert '<th scope="row"><span lang="sr-Latn">Osnovno obrazovanje</span></th>' in html
    cyrillic = client.get(f"/hearings/{hearing}/budget?lang=sr").get_data(as_text=True)
    assert '<span lang="sr-Cyrl">Основно образовање</span></th>' in cyrillic


def test_an_untranslated_programme_shows_albanian_marked(app, client, cycle, hearing):
    _name_schools(app, cycle)
    html = client.get(f"/hearings/{hearing}/budget?lang=sr_Latn").get_data(as_text=True)
    assert f'<span lang="sq">{ROADS}</span> <small class="fallback">' in html
    albanian = client.get(f"/hearings/{hearing}/budget?lang=sq").get_data(as_text=True)
    assert f'<th scope="row"><span lang="sq">{SCHOOLS}</span></th>' in albanian
    assert 'class="fallback"' not in albanian


def test_category_labels_are_translated_never_the_code(app, client, cycle, hearing):
    _name_schools(app, cycle)
    html = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert "<td>capital</td>" not in html and "<td>wages</td>" not in html


def test_the_download_gives_the_readers_programme_name(app, client, cycle, hearing):
    _name_schools(app, cycle)
    text = client.get(f"/hearings/{hearing}/budget.csv?lang=en").get_data(as_text=True)
    assert "Primary education" in text and ROADS in text


def _manage(client, hearing) -> str:
    return f"/manage/hearings/{hearing}/?lang=en"


def test_the_officer_names_a_programme_side_by_side(app, client, login, cycle, hearing):
    with app.app_context():
        add_lines(cycle)
        db.session.commit()
    login("officer")
    page = client.get(_manage(client, hearing)).get_data(as_text=True)
    assert 'name="p1-name_sr_Latn"' in page and 'name="p1-name_bs"' in page
    response = client.post(
        f"/manage/hearings/{hearing}/programmes",
        data={
            "csrf_token": csrf_token(client, _manage(client, hearing)),
            "prefix": "p1",
            "p1-programme": ROADS,
            "p1-name_sq": ROADS,
            "p1-name_sr_Latn": "Putevi",
            "p1-name_bs": "Ceste",
            "p1-name_en": "Roads",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        names = db.session.scalar(select(ProgrammeName.names))
    assert names == {"sq": ROADS, "sr_Latn": "Putevi", "bs": "Ceste", "en": "Roads"}
    bosnian = client.get(f"/hearings/{hearing}/budget?lang=bs").get_data(as_text=True)
    assert '<span lang="bs">Ceste</span>' in bosnian


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("<b>Putevi</b>", "name is plain text, without angle brackets or other markup."),
        ("P" * 201, "200"),
    ],
)
def test_markup_or_an_over_long_name_is_refused_and_nothing_changes(
    app, client, login, cycle, hearing, value, message
):
    with app.app_context():
        add_lines(cycle)
        db.session.commit()
    login("officer")
    response = client.post(
        f"/manage/hearings/{hearing}/programmes",
        data={
            "csrf_token": csrf_token(client, _manage(client, hearing)),
            "prefix": "p1",
            "p1-programme": ROADS,
            "p1-name_sr_Latn": value,
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'class="error-summary"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProgrammeName)) == 0


def test_the_refusal_is_in_the_readers_language(app, client, login, cycle, hearing):
    with app.app_context():
        add_lines(cycle)
        db.session.commit()
    login("officer")
    url = f"/manage/hearings/{hearing}/?lang=sr_Latn"
    response = client.post(
        f"/manage/hearings/{hearing}/programmes",
        data={
            "csrf_token": csrf_token(client, url),
            "prefix": "p0",
            "p0-programme": SCHOOLS,
            "p0-name_bs": "<i>x</i>",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Naziv programa je običan tekst, bez uglastih zagrada i drugih oznaka." in html


def test_a_programme_not_in_the_draft_cannot_be_named(app, client, login, cycle, hearing):
    with app.app_context():
        add_lines(cycle)
        db.session.commit()
    login("officer")
    response = client.post(
        f"/manage/hearings/{hearing}/programmes",
        data={
            "csrf_token": csrf_token(client, _manage(client, hearing)),
            "prefix": "p0",
            "p0-programme": "Programi tjetër",
            "p0-name_en": "Other",
        },
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProgrammeName)) == 0


def test_a_new_import_of_the_same_programme_keeps_its_names(app, client, login, cycle, hearing):
    login("officer")
    rows = [["EDU", SCHOOLS, "wages", "100", "120"], ["PUB", ROADS, "capital", "500", "600"]]
    assert upload(client, hearing, csv_file(rows), "budget.csv").status_code == 302
    with app.app_context():
        services.name_programme(db.session.get(HearingCycle, cycle), ROADS, {"en": "Roads"})
        db.session.commit()
    rows[1][4] = "650"
    assert upload(client, hearing, csv_file(rows), "budget.csv").status_code == 302
    english = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert '<span lang="en">Roads</span>' in english


def test_the_demo_names_every_programme_of_its_lines(app, cycle):
    from consult.hearings.demo import LINES

    assert {programme for _code, programme, *_rest in LINES} <= set(PROGRAMME_NAMES)
    for names in PROGRAMME_NAMES.values():
        assert set(names) == {"sq", "sr_Latn", "bs", "en"}
        assert all(text.strip() for text in names.values())
    with app.app_context():
        add_lines(cycle)
        db.session.add(
            BudgetLine(
                cycle_id=cycle,
                directorate_id=db.session.scalar(select(Directorate.id)),
                programme="Inspektimi",
                category="wages",
                current_cents=1,
                proposed_cents=1,
                position=3,
            )
        )
        db.session.flush()
        the_cycle = db.session.get(HearingCycle, cycle)
        db.session.refresh(the_cycle)
        assert apply_programme_names(the_cycle) == 1
        line = db.session.scalar(select(BudgetLine).where(BudgetLine.programme == "Inspektimi"))
        assert line.programme_name["sr_Latn"] == "Inspekcija"


def test_migration_0014_upgrades_and_downgrades(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from config import TestingConfig
    from consult import create_app

    class EmptyDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'programmes.sqlite'}"

    application = create_app(EmptyDatabase)
    with application.app_context():
        upgrade(revision="0014")
        assert "programme_names" in inspect(db.engine).get_table_names()
        downgrade(revision="0013")
        assert "programme_names" not in inspect(db.engine).get_table_names()
        upgrade(revision="heads")
        assert "programme_names" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_a_new_file_writing_the_name_otherwise_keeps_the_names(app, client, login, cycle, hearing):
    login("officer")
    rows = [["PUB", ROADS, "capital", "500", "600"]]
    assert upload(client, hearing, csv_file(rows), "budget.csv").status_code == 302
    with app.app_context():
        services.name_programme(db.session.get(HearingCycle, cycle), ROADS, {"en": "Roads"})
        db.session.commit()
    rows[0][1] = "RRUGET"
    assert upload(client, hearing, csv_file(rows), "budget.csv").status_code == 302
    english = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert '<span lang="en">Roads</span>' in english
    with app.app_context():
        the_cycle = db.session.get(HearingCycle, cycle)
        assert services.programmes_of(the_cycle) == [("RRUGET", {"en": "Roads"})]
        services.name_programme(the_cycle, "RRUGET", {"en": "Roads and bridges"})
        db.session.commit()
        assert sorted(e.programme for e in the_cycle.programme_names) == ["RRUGET", ROADS]
    english = client.get(f"/hearings/{hearing}/budget?lang=en").get_data(as_text=True)
    assert '<span lang="en">Roads and bridges</span>' in english


def test_a_cycle_compares_each_programme_name_once_not_once_per_line(monkeypatch):
    """The draft budget's pages ask for every line's programme: each name of the list is
    written as `normalise` writes it once for the list, not once per line asking (the
    markup test, which reads every line's comment page, spent a quarter of its time there)."""
    from consult.hearings import models

    calls = []
    monkeypatch.setattr(models, "normalise", lambda text: calls.append(text) or text.lower())
    models._programme_lookup.cache_clear()
    cycle = HearingCycle(
        programme_names=[ProgrammeName(programme=f"Programi {n}") for n in range(30)]
    )
    wanted = [f"Programi {n}" for n in range(30)] * 3
    found = [cycle.programme_entry(programme) for programme in wanted]
    assert [entry.programme for entry in found] == wanted
    assert len(calls) == 30
    # written otherwise: one more for the programme asked about
    assert cycle.programme_entry("PROGRAMI 7").programme == "Programi 7"
    assert cycle.programme_entry("Programi 99") is None
    assert len(calls) == 32


def test_the_name_written_exactly_so_wins_over_an_earlier_one_written_otherwise():
    from consult.hearings import models

    models._programme_lookup.cache_clear()
    entries = [ProgrammeName(programme=name) for name in ("RRUGET", "Rruget!", ROADS)]
    cycle = HearingCycle(programme_names=entries)
    assert cycle.programme_entry(ROADS) is entries[2]
    assert cycle.programme_entry("rrugët") is entries[0]  # the first of those written otherwise
