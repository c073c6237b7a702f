"""Content written in one language (a proposal, a comment, a venue) carries its `lang` on the
element and the "shown in …" marker whenever it is not in the reader's language."""

import datetime as dt

from sqlalchemy import select

from consult.core.models import LocalCommunity
from consult.extensions import db
from consult.hearings import participation, services
from consult.hearings.models import HearingCycle
from consult.templating import written_in
from tests.hearings.test_programme_names import add_lines


def _render(app, text, language, lang, **kwargs) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        return str(written_in(text, language, **kwargs))


def test_albanian_text_on_a_serbian_page_is_marked_and_tagged(app):
    html = _render(app, "Rruga për në shkollë", "sq", "sr_Latn")
    assert html.startswith('<span lang="sq">Rruga për në shkollë</span>')
    assert 'class="fallback"' in html and "albansk" in html.lower()


def test_albanian_text_on_an_albanian_page_is_not_marked(app):
    html = _render(app, "Rruga për në shkollë", "sq", "sq")
    assert html == '<span lang="sq">Rruga për në shkollë</span>'


def test_serbian_latin_on_a_cyrillic_page_is_transliterated_not_marked(app):
    html = _render(app, "Put do škole", "sr_Latn", "sr")
    assert html == '<span lang="sr-Cyrl">Пут до школе</span>'


def test_serbian_latin_on_a_latin_page_keeps_its_tag(app):
    assert _render(app, "Put", "sr_Latn", "sr_Latn") == '<span lang="sr-Latn">Put</span>'


def test_a_block_is_split_into_paragraphs_and_markup_is_escaped(app):
    html = _render(app, "<b>Një</b>\n\nDy", "sq", "en", block=True)
    assert html.startswith('<div lang="sq"><p>&lt;b&gt;Një&lt;/b&gt;</p><p>Dy</p></div>')
    assert 'class="fallback"' in html


def test_an_unknown_language_or_none_counts_as_albanian(app):
    assert _render(app, "Salla", None, "sq") == '<span lang="sq">Salla</span>'
    assert _render(app, "Salla", "xx", "sq") == '<span lang="sq">Salla</span>'


def _answered_proposal_and_venue(app, cycle_id: int) -> None:
    with app.app_context():
        cycle = db.session.get(HearingCycle, cycle_id)
        community = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
        proposal = services.submit_proposal(
            cycle, "Kënd lojërash", community, 2_000_000, "Pranë shkollës.", "Drita", "d@x.org"
        )
        services.answer_proposal(proposal, "accepted", {"sq": "Pranohet."})
        services.plan_hearing(
            cycle,
            "general",
            dt.date.today() + dt.timedelta(days=5),
            "Shtëpia e Kulturës",
            announced_on=dt.date.today(),
        )
        db.session.commit()


def test_a_proposal_and_a_venue_are_marked_on_the_serbian_page(app, client, cycle, hearing):
    _answered_proposal_and_venue(app, cycle)
    html = client.get(f"/consultations/{hearing}?lang=sr_Latn").get_data(as_text=True)
    for text in ("Kënd lojërash", "Shtëpia e Kulturës"):
        tagged = f'<span lang="sq">{text}</span> <small class="fallback">'
        assert tagged in html, text
    assert '<div lang="sq"><p>Pranë shkollës.</p></div> <small class="fallback">' in html


def test_nothing_is_marked_on_the_albanian_page(app, client, cycle, hearing):
    _answered_proposal_and_venue(app, cycle)
    html = client.get(f"/consultations/{hearing}?lang=sq").get_data(as_text=True)
    assert '<span lang="sq">Kënd lojërash</span>' in html
    assert '<span lang="sq">Shtëpia e Kulturës</span>' in html
    assert 'class="fallback"' not in html


def test_a_hearing_comment_is_marked_on_the_serbian_budget_page(app, client, cycle, hearing):
    with app.app_context():
        add_lines(cycle)
        comment = participation.comment_on_budget(
            db.session.get(HearingCycle, cycle),
            "Më shumë para për rrugët.",
            "sq",
            "Drita",
            "d@x.org",
            dt.date.today(),
        )
        comment.confirmed_at = dt.datetime.now()
        participation.answer_comment(comment, "accepted", {"sq": "Pranohet."})
        db.session.commit()
    html = client.get(f"/hearings/{hearing}/budget?lang=sr_Latn").get_data(as_text=True)
    assert '<div lang="sq"><p>Më shumë para për rrugët.</p></div> <small class="fallback">' in html
    albanian = client.get(f"/hearings/{hearing}/budget?lang=sq").get_data(as_text=True)
    assert '<div lang="sq"><p>Më shumë para për rrugët.</p></div>' in albanian
    assert 'class="fallback"' not in albanian


def test_a_draft_act_meetings_venue_is_marked_on_the_bosnian_page(app, client, make_consultation):
    from consult.meetings.models import Meeting

    consultation_id = make_consultation(kind="draft_act")
    with app.app_context():
        db.session.add(
            Meeting(
                consultation_id=consultation_id,
                held_on=dt.date.today() + dt.timedelta(days=3),
                place="Salla e Kuvendit",
                agenda={"sq": "Rendi i ditës"},
                announced_on=dt.date.today(),
            )
        )
        db.session.commit()
    html = client.get(f"/consultations/{consultation_id}?lang=bs").get_data(as_text=True)
    assert '<span lang="sq">Salla e Kuvendit</span> <small class="fallback">' in html
    albanian = client.get(f"/consultations/{consultation_id}?lang=sq").get_data(as_text=True)
    assert '<span lang="sq">Salla e Kuvendit</span> —' in albanian


def test_the_hearing_report_marks_comments_and_programmes(app, client, login, cycle, hearing):
    with app.app_context():
        add_lines(cycle)
        the_cycle = db.session.get(HearingCycle, cycle)
        line_id = the_cycle.lines[1].id
        comment = participation.comment_on_budget(
            the_cycle, "Rruga e Vrellës.", "sq", "Drita", "d@x.org", dt.date.today(), line_id
        )
        comment.confirmed_at = dt.datetime.now()
        db.session.commit()
    login("officer")
    response = client.get(f"/hearings/{hearing}/report?lang=sr_Latn")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<td><span lang="sq">Rruga e Vrellës.</span> <small class="fallback">' in html
    assert '<span lang="sq">Rrugët</span> <small class="fallback">' in html
