"""Content languages per municipality (issue #22, item 3): content is typed in the languages
the municipality has (`typed_locales`), so Turkish is typed, and required before publishing,
where it is official (Prizren, Mamusha), and Istog's forms stay as they were (no Turkish field).

The municipality's languages are set on its row directly (the command that sets them is tested
in tests/test_municipality_settings.py)."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from consult.consultations.models import Article
from consult.core.models import Consultation
from consult.core.municipalities import Municipality, typed_locales
from consult.core.tenancy import FIRST_MUNICIPALITY_ID, serving
from consult.extensions import db
from consult.i18n import TYPED_LOCALES, localize, official_locales
from consult.polls.services import create_poll
from consult.surveys.services import add_question, add_section, create_survey, survey_of
from consult.surveys.xlsform import read_xlsform, write_xlsform
from tests.conftest import submit
from tests.test_tenancy_isolation import make_second_municipality

#: the names of the translated fields on a page: (text, locale)
FIELD = re.compile(r'name="(title|summary|body|heading|text)_(sq|sr_Latn|sr|bs|tr|en)"')
TURKISH_LABEL = '<span lang="tr">Türkçe</span>'
TURKISH_FIELD = re.compile(r'<(input|textarea)[^>]*name="title_tr"[^>]*>')
SERBIAN = {"sq": "Rregullore për tregun", "sr_Latn": "Pravilnik o pijaci"}
TURKISH = "Pazar yönetmeliği"


def set_languages(app, official=None, in_use=None, municipality_id=FIRST_MUNICIPALITY_ID):
    """Write the municipality's languages on its row (None: the configuration's)."""
    with app.app_context():
        row = db.session.get(Municipality, municipality_id)
        row.official_languages = official
        row.languages_in_use = in_use
        db.session.commit()


@pytest.fixture
def turkish_official(app):
    """The first municipality with Albanian, Serbian and Turkish as its official languages."""
    set_languages(app, ["sq", "sr", "tr"])


def locales_on(page: str, text: str = "title") -> set[str]:
    return {locale for name, locale in FIELD.findall(page) if name == text}


def _draft(make_consultation, **fields) -> int:
    today = dt.date.today()
    values = {
        "status": "draft",
        "title": dict(SERBIAN),
        "summary": {"sq": "Përmbledhje", "sr_Latn": "Sažetak"},
        "body": {"sq": "Teksti", "sr_Latn": "Tekst"},
        "notice_at": today,
        "opens_at": today + dt.timedelta(days=20),
        "closes_at": today + dt.timedelta(days=50),
    }
    return make_consultation(**(values | fields))


# --- which languages are typed


def test_the_typed_languages_are_istogs_and_turkish_where_the_municipality_has_it(app):
    with app.app_context():
        assert typed_locales() == TYPED_LOCALES == ("sq", "sr_Latn", "bs", "en")
    set_languages(app, ["sq", "sr", "tr"])
    with app.app_context():
        assert typed_locales() == ("sq", "sr_Latn", "bs", "tr", "en")
    set_languages(app, None, ["tr"])  # in official use (Prizren): typed, not required
    with app.app_context():
        assert typed_locales() == ("sq", "sr_Latn", "bs", "tr", "en")


def test_a_second_municipality_types_turkish_while_istog_does_not(app):
    second = make_second_municipality(app)["municipality_id"]
    set_languages(app, ["sq", "tr"], municipality_id=second)
    with app.app_context():
        with serving(second):
            assert "tr" in typed_locales()
        assert "tr" not in typed_locales()


# --- the forms


def _form_pages(app, client, make_consultation, give_substance) -> dict[str, str]:
    """The consultation, article, survey builder and capital project forms, in English."""
    act = _draft(make_consultation)
    survey = _draft(make_consultation, kind="survey")
    poll = _draft(make_consultation, kind="capital_poll")
    give_substance(survey)
    with app.app_context():
        survey_id = survey_of(db.session.get(Consultation, survey)).id
        poll_id = create_poll(db.session.get(Consultation, poll), {"budget": 100_000}).id
        db.session.commit()
    urls = {
        "consultation": f"/manage/consultations/{act}/edit",
        "document": f"/manage/consultations/{act}",
        "article": f"/manage/draft-acts/{act}/articles/new",
        "survey": f"/manage/surveys/{survey_id}/build",
        "project": f"/manage/polls/{poll_id}/projects/new",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(f"{url}?lang=en")
        assert response.status_code == 200, url
        pages[name] = response.get_data(as_text=True)
    return pages


def test_istogs_forms_have_no_turkish_field(app, client, login, make_consultation, give_substance):
    login("admin")
    pages = _form_pages(app, client, make_consultation, give_substance)
    # a consultation's texts are typed in Serbian Cyrillic as well, as before
    assert locales_on(pages["consultation"]) == {"sq", "sr_Latn", "sr", "bs", "en"}
    assert locales_on(pages["document"]) == {"sq", "sr_Latn", "bs", "en"}
    assert locales_on(pages["article"], "heading") == {"sq", "sr_Latn", "bs", "en"}
    assert locales_on(pages["project"]) == {"sq", "sr_Latn", "bs", "en"}
    assert set(re.findall(r'name="text_(\w+)"', pages["survey"])) == {"sq", "sr_Latn", "bs", "en"}
    for name, page in pages.items():
        assert "Türkçe" not in page and '_tr"' not in page, name
    assert "code = Albanian | Serbian | Bosnian | English" in pages["survey"]


def test_where_turkish_is_official_every_form_has_a_turkish_field(
    app, client, login, make_consultation, give_substance, turkish_official
):
    login("admin")
    pages = _form_pages(app, client, make_consultation, give_substance)
    assert locales_on(pages["consultation"]) == {"sq", "sr_Latn", "sr", "bs", "tr", "en"}
    assert locales_on(pages["document"]) == {"sq", "sr_Latn", "bs", "tr", "en"}
    assert locales_on(pages["article"], "heading") == {"sq", "sr_Latn", "bs", "tr", "en"}
    assert locales_on(pages["article"], "text") == {"sq", "sr_Latn", "bs", "tr", "en"}
    assert locales_on(pages["project"]) == {"sq", "sr_Latn", "bs", "tr", "en"}
    assert set(re.findall(r'name="text_(\w+)"', pages["survey"])) == {
        *("sq", "sr_Latn", "bs", "tr", "en")
    }
    for name in ("consultation", "document", "project"):
        field = TURKISH_FIELD.search(pages[name])
        assert field and 'lang="tr"' in field.group(0), name
        assert TURKISH_LABEL in pages[name], name
    assert 'lang="tr"' in pages["article"] and "Türkçe" in pages["article"]
    assert TURKISH_LABEL in pages["survey"]
    assert "code = Albanian | Serbian | Bosnian | Turkish | English" in pages["survey"]


# --- publishing (LANG-OFFICIAL)


def _advance(client, consultation_id: int) -> str:
    """Ask to announce the consultation; the page after, with its messages."""
    location = f"/manage/consultations/{consultation_id}"
    submit(client, f"{location}/advance", {"to_status": "announced"}, form_url=location)
    return client.get(f"{location}?lang=en").get_data(as_text=True)


def _status(app, consultation_id: int) -> str:
    with app.app_context():
        return db.session.get(Consultation, consultation_id).status


def _consultation_form(consultation_id: int, app, **texts: str) -> dict:
    with app.app_context():
        item = db.session.get(Consultation, consultation_id)
        data = {
            "kind": item.kind,
            "planned_year": str(item.planned_year),
            "contact_name": item.contact_name,
            "contact_email": item.contact_email,
            "notice_at": item.notice_at.isoformat(),
            "opens_at": item.opens_at.isoformat(),
            "closes_at": item.closes_at.isoformat(),
            "directorate_id": str(item.directorate_id or ""),
        }
        for field in ("title", "summary", "body"):
            for locale, text in getattr(item, field).items():
                data[f"{field}_{locale}"] = text
    return data | texts


def test_publishing_waits_for_the_turkish_texts_where_turkish_is_official(
    app, client, login, make_consultation, make_directorate, give_substance, turkish_official
):
    consultation_id = _draft(make_consultation, directorate_id=make_directorate())
    give_substance(consultation_id)
    with app.app_context():  # the article, in Albanian and Serbian only
        article = db.session.scalars(select(Article)).one()
        article.text = {"sq": "Neni", "sr_Latn": "Član"}
        article_id = article.id
        db.session.commit()
    login("admin")
    _advance(client, consultation_id)
    assert _status(app, consultation_id) == "draft"
    page = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Title is missing in some official languages." in page
    assert '<span lang="tr">Türkçe</span>' in page

    edited = submit(
        client,
        f"/manage/consultations/{consultation_id}/edit",
        _consultation_form(
            consultation_id,
            app,
            title_tr=TURKISH,
            summary_tr="Özet",
            body_tr="Metin",
        ),
    )
    assert edited.status_code == 302, edited.get_data(as_text=True)
    saved = submit(
        client,
        f"/manage/draft-acts/{consultation_id}/articles/{article_id}",
        {"number": "1", "text_sq": "Neni", "text_sr_Latn": "Član", "text_tr": "Madde"},
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    page = _advance(client, consultation_id)
    assert _status(app, consultation_id) == "announced", re.findall(r"<li[^>]*>[^<]*</li>", page)
    with app.app_context():
        item = db.session.get(Consultation, consultation_id)
        assert item.title == {**SERBIAN, "tr": TURKISH}
        assert db.session.get(Article, article_id).text["tr"] == "Madde"


def test_turkish_in_official_use_is_typed_but_not_required(
    app, client, login, make_consultation, make_directorate, give_substance
):
    set_languages(app, ["sq", "sr"], ["tr"])
    consultation_id = _draft(make_consultation, directorate_id=make_directorate())
    give_substance(consultation_id)
    login("admin")
    page = client.get(f"/manage/consultations/{consultation_id}/edit?lang=en")
    assert "title_tr" in page.get_data(as_text=True)
    page = _advance(client, consultation_id)
    assert _status(app, consultation_id) == "announced", re.findall(r"<li[^>]*>[^<]*</li>", page)


# --- what the public reads


def test_the_turkish_page_shows_the_turkish_text_without_a_marker(
    app, client, make_consultation, turkish_official
):
    consultation_id = make_consultation(title={**SERBIAN, "tr": TURKISH})
    page = client.get(f"/consultations/{consultation_id}?lang=tr").get_data(as_text=True)
    assert '<html lang="tr"' in page
    assert TURKISH in page
    assert SERBIAN["sq"] not in page
    assert 'class="fallback"' not in page.split("<main", 1)[1].split(TURKISH, 1)[0][-300:]
    with app.test_request_context("/?lang=tr"):
        shown = localize({**SERBIAN, "tr": TURKISH})
        assert (shown.text, shown.is_fallback) == (TURKISH, False)


def test_without_a_turkish_text_the_albanian_one_is_shown_and_marked(
    app, client, make_consultation, turkish_official
):
    consultation_id = make_consultation(title=dict(SERBIAN))
    page = client.get(f"/consultations/{consultation_id}?lang=tr").get_data(as_text=True)
    assert SERBIAN["sq"] in page
    assert 'class="fallback"' in page
    with app.test_request_context("/?lang=tr"):
        shown = localize(dict(SERBIAN))
        assert (shown.text, shown.locale, shown.is_fallback) == (SERBIAN["sq"], "sq", True)


def test_markup_typed_in_turkish_is_shown_as_text(
    app, client, login, make_consultation, turkish_official
):
    consultation_id = make_consultation()
    login("admin")
    markup = '<script>alert("tr")</script><b>Kalın</b>'
    edited = submit(
        client,
        f"/manage/consultations/{consultation_id}/edit",
        _consultation_form(consultation_id, app, title_tr=markup),
    )
    assert edited.status_code == 302, edited.get_data(as_text=True)
    page = client.get(f"/consultations/{consultation_id}?lang=tr").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;Kalın&lt;/b&gt;" in page
    assert '<script>alert("tr")' not in page and "<b>Kalın</b>" not in page
    form = client.get(f"/manage/consultations/{consultation_id}/edit?lang=en")
    assert "<b>Kalın</b>" not in form.get_data(as_text=True)


# --- a municipality that no longer types Turkish


def test_saving_where_turkish_is_no_longer_typed_keeps_the_turkish_text(
    app, client, login, make_consultation
):
    consultation_id = _draft(make_consultation, title={**SERBIAN, "tr": TURKISH})
    login("admin")
    page = client.get(f"/manage/consultations/{consultation_id}/edit?lang=en")
    assert "title_tr" not in page.get_data(as_text=True)  # Istog: no Turkish field
    data = _consultation_form(consultation_id, app, title_sq="Rregullore e re")
    data.pop("title_tr")
    data["summary_tr"] = "Gönderilen ama gösterilmeyen"  # sent, though no field shows it
    assert submit(client, f"/manage/consultations/{consultation_id}/edit", data).status_code == 302
    with app.app_context():
        item = db.session.get(Consultation, consultation_id)
        assert item.title == {"sq": "Rregullore e re", "sr_Latn": SERBIAN["sr_Latn"], "tr": TURKISH}
        assert "tr" not in item.summary


# --- notices for the notice boards


def test_the_notice_has_a_turkish_page_where_turkish_is_official(app, turkish_official):
    with app.app_context():
        assert official_locales() == ["sq", "sr_Latn", "sr", "tr"]
        assert official_locales(["sq", "sr", "bs", "tr"]) == ["sq", "sr_Latn", "sr", "bs", "tr"]


def test_the_printed_notice_carries_the_turkish_text(
    app, client, make_consultation, turkish_official
):
    from tests.public.test_notices import pdf_pages

    consultation_id = make_consultation(title={**SERBIAN, "tr": TURKISH})
    response = client.get(f"/consultations/{consultation_id}/poster-official-languages.pdf")
    assert response.status_code == 200
    pages = pdf_pages(response.get_data())
    assert len(pages) == 4
    assert TURKISH.replace(" ", "") in pages[3].replace(" ", "")


# --- XLSForm


def _survey_with_turkish(app, make_consultation) -> int:
    consultation_id = make_consultation(kind="survey", status="draft")
    texts = {"sq": "Sa shpesh?", "sr_Latn": "Koliko često?", "tr": "Ne sıklıkla?"}
    with app.app_context():
        survey = create_survey(db.session.get(Consultation, consultation_id), "citizen", 2026)
        section = add_section(survey, {"sq": "Pjesa", "tr": "Bölüm"})
        add_question(
            section,
            "often",
            "single_choice",
            texts,
            options=[("daily", {"sq": "Çdo ditë", "tr": "Her gün"}), ("never", {"sq": "Kurrë"})],
        )
        db.session.commit()
        return survey.id


def test_an_xlsform_with_turkish_comes_back_with_turkish(app, make_consultation, turkish_official):
    from consult.surveys.models import Survey

    survey_id = _survey_with_turkish(app, make_consultation)
    with app.test_request_context("/?lang=en"):
        data = write_xlsform(db.session.get(Survey, survey_id))
        headers = [cell.value for cell in next(load_workbook(io.BytesIO(data))["survey"].rows)]
        assert "label::Turkish (tr)" in headers
        result = read_xlsform(data)
        assert result.problems == []
        assert result.plan.locales == ["sq", "sr_Latn", "tr"]
        question = result.plan.sections[0].questions[0]
        assert question.text["tr"] == "Ne sıklıkla?"
        assert dict(question.options)["daily"] == {"sq": "Çdo ditë", "tr": "Her gün"}
        assert result.plan.sections[0].title == {"sq": "Pjesa", "tr": "Bölüm"}


def test_an_xlsforms_turkish_is_left_out_where_turkish_is_not_typed(app, make_consultation):
    from consult.surveys.models import Survey

    survey_id = _survey_with_turkish(app, make_consultation)
    with app.test_request_context("/?lang=en"):
        data = write_xlsform(db.session.get(Survey, survey_id))
        result = read_xlsform(data)
        assert result.problems == []
        assert result.plan.locales == ["sq", "sr_Latn"]
        question = result.plan.sections[0].questions[0]
        assert "tr" not in question.text
        notes = [str(note.message) for note in result.plan.left_out]
        assert any("“Turkish (tr)” are left out" in note for note in notes), notes


def test_the_second_municipality_reads_turkish_while_istog_leaves_it_out(app, make_consultation):
    second = make_second_municipality(app)["municipality_id"]
    set_languages(app, ["sq", "tr"], municipality_id=second)
    from consult.surveys.models import Survey

    survey_id = _survey_with_turkish(app, make_consultation)
    with app.test_request_context("/?lang=en"):
        data = write_xlsform(db.session.get(Survey, survey_id))
        with serving(second):
            assert read_xlsform(data).plan.locales == ["sq", "sr_Latn", "tr"]
        assert read_xlsform(data).plan.locales == ["sq", "sr_Latn"]


# --- LimeSurvey


def _limesurvey_in_turkish() -> bytes:
    """The LimeSurvey 6 export of the reader's tests with its English texts as Turkish ones."""
    from tests.surveys.test_lss_reader import LS6

    return LS6.replace(b"[CDATA[en]]", b"[CDATA[tr]]").replace(
        b"<language>en</language>", b"<language>tr</language>"
    )


def test_a_limesurvey_file_in_turkish_keeps_it_where_turkish_is_typed(app, turkish_official):
    from consult.surveys.lss import read_lss

    with app.test_request_context("/?lang=en"):
        result = read_lss(_limesurvey_in_turkish())
        assert result.problems == []
        assert result.plan.locales == ["sq", "tr"]
        visit = next(q for s in result.plan.sections for q in s.questions if q.key == "visit")
        assert visit.text["tr"] == "Have you visited the municipal office?"


def test_a_limesurvey_file_in_turkish_is_left_out_where_turkish_is_not_typed(app):
    from consult.surveys.lss import read_lss

    with app.test_request_context("/?lang=en"):
        result = read_lss(_limesurvey_in_turkish())
        assert result.problems == []
        assert result.plan.locales == ["sq"]
        notes = [str(note.message) for note in result.plan.left_out]
        assert (
            "The texts in the language “tr” were left out: the site is in Albanian, "
            in " ".join(notes)
        )


# --- the survey builder


def test_renaming_a_section_where_turkish_is_no_longer_typed_keeps_its_turkish_title(
    app, client, login, make_consultation
):
    from consult.surveys.models import Section

    survey_id = _survey_with_turkish(app, make_consultation)
    with app.app_context():
        section_id = db.session.scalars(select(Section)).one().id
    login("admin")
    url = f"/manage/surveys/{survey_id}/sections/{section_id}/edit"
    assert "title_tr" not in client.get(f"{url}?lang=en").get_data(as_text=True)
    assert submit(client, url, {"title_sq": "Pjesa e parë"}).status_code == 302
    with app.app_context():
        assert db.session.get(Section, section_id).title == {"sq": "Pjesa e parë", "tr": "Bölüm"}
