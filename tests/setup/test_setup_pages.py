"""The municipality's set-up pages (issue #22): its administrator adds, edits and deletes the
directorates and local communities a new municipality starts without; officers and the chair
cannot; a code is unique in the municipality only; what is in use is never deleted; every
change is audit-logged."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from consult.core.models import AuditLog, Directorate, LocalCommunity
from consult.core.tenancy import ALL_MUNICIPALITIES, serving
from consult.extensions import db
from tests.conftest import submit
from tests.test_tenancy_isolation import SECOND_HOST, make_second_municipality, signed_in

NAMES = {
    "name_sq": "Drejtoria e Arsimit",
    "name_sr_Latn": "Direkcija za obrazovanje",
    "name_bs": "Direkcija za obrazovanje",
    "name_en": "Directorate of Education",
}
COMMUNITY = {"name_sq": "Vrellë", "name_sr_Latn": "Vrelo", "name_bs": "Vrelo", "name_en": ""}


def _directorates(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(select(Directorate).order_by(Directorate.id))
        return [(d.code, d.name) for d in rows]


def _communities(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
        return [(c.name, c.population) for c in rows]


def _actions(app) -> list[str]:
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id))
        return [action for action in actions if action != "user.login"]


def _directorate_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Directorate.id).where(Directorate.code == code))


def _community_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(LocalCommunity.id)))


def test_an_administrator_adds_edits_and_deletes_a_directorate(app, client, login):
    login("admin")
    assert client.get("/manage/directorates?lang=en").status_code == 200
    added = submit(client, "/manage/directorates/new?lang=en", {"code": " edu ", **NAMES})
    assert added.status_code == 302
    assert _directorates(app) == [("EDU", {k.removeprefix("name_"): v for k, v in NAMES.items()})]
    listed = client.get("/manage/directorates?lang=en").get_data(as_text=True)
    assert "EDU" in listed and "Directorate of Education" in listed

    education = _directorate_id(app, "EDU")
    edit_url = f"/manage/directorates/{education}?lang=en"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'value="Drejtoria e Arsimit"' in form and 'value="EDU"' in form
    edited = submit(client, edit_url, {"code": "arsim1", "name_sq": "Arsimi", "name_en": ""})
    assert edited.status_code == 302
    assert _directorates(app) == [("ARSIM1", {"sq": "Arsimi"})]
    listed = client.get("/manage/directorates?lang=en").get_data(as_text=True)
    assert "(shown in" in listed  # no English name: the Albanian one, marked

    deleted = submit(
        client,
        f"/manage/directorates/{education}/delete",
        {},
        form_url="/manage/directorates",
    )
    assert deleted.status_code == 302
    assert _directorates(app) == []
    assert _actions(app) == ["directorate.created", "directorate.updated", "directorate.deleted"]


def test_an_administrator_adds_edits_and_deletes_a_local_community(app, client, login):
    login("admin")
    added = submit(
        client, "/manage/local-communities/new?lang=en", {**COMMUNITY, "population": "2450"}
    )
    assert added.status_code == 302
    assert _communities(app) == [({"sq": "Vrellë", "sr_Latn": "Vrelo", "bs": "Vrelo"}, 2450)]
    community = _community_id(app)
    edit_url = f"/manage/local-communities/{community}?lang=en"
    assert 'value="2450"' in client.get(edit_url).get_data(as_text=True)
    edited = submit(client, edit_url, {"name_sq": "Vrella", "population": "0"})
    assert edited.status_code == 302
    assert _communities(app) == [({"sq": "Vrella"}, 0)]
    deleted = submit(
        client,
        f"/manage/local-communities/{community}/delete",
        {},
        form_url="/manage/local-communities",
    )
    assert deleted.status_code == 302
    assert _communities(app) == []
    assert _actions(app) == [
        "local_community.created",
        "local_community.updated",
        "local_community.deleted",
    ]


@pytest.mark.parametrize("role", ["officer", "chair", "cso"])
def test_only_an_administrator_reaches_the_set_up_pages(app, client, login, make_directorate, role):
    education = make_directorate()
    login(role)
    for url in (
        "/manage/directorates",
        "/manage/directorates/new",
        f"/manage/directorates/{education}",
        "/manage/local-communities",
        "/manage/local-communities/new",
    ):
        assert client.get(url).status_code == 403, url
    token_page = client.get("/account/password").get_data(as_text=True)
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    refused = client.post(
        "/manage/directorates/new", data={"csrf_token": token, "code": "NEW", **NAMES}
    )
    assert refused.status_code == 403
    deleting = client.post(f"/manage/directorates/{education}/delete", data={"csrf_token": token})
    assert deleting.status_code == 403
    assert [code for code, _name in _directorates(app)] == ["EDU"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/manage/directorates").status_code in (302, 401)


def test_a_duplicate_code_is_refused_and_nothing_is_written(app, client, login, make_directorate):
    make_directorate("EDU")
    health = make_directorate("HEA")
    login("admin")
    refused = submit(client, "/manage/directorates/new?lang=en", {"code": "edu", **NAMES})
    assert refused.status_code == 400
    assert "has this code already" in refused.get_data(as_text=True)
    renamed = submit(
        client, f"/manage/directorates/{health}?lang=en", {"code": "EDU", "name_sq": "Shëndetësia"}
    )
    assert renamed.status_code == 400
    assert "has this code already" in renamed.get_data(as_text=True)
    assert [code for code, _name in _directorates(app)] == ["EDU", "HEA"]
    assert _actions(app) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "E", **NAMES}, "2 to 20 letters"),
        ({"code": "ED-U", **NAMES}, "2 to 20 letters"),
        ({"code": "A" * 21, **NAMES}, "2 to 20 letters"),
        ({"code": "", **NAMES}, "Enter the directorate"),
        ({"code": "EDU", "name_en": "Education"}, "Enter the name in Albanian."),
        ({"code": "EDU", **NAMES, "name_sq": "x" * 201}, "200"),
    ],
)
def test_bad_directorate_input_is_refused_with_the_reason(app, client, login, data, message):
    login("admin")
    refused = submit(client, "/manage/directorates/new?lang=en", data)
    assert refused.status_code == 400
    assert message in refused.get_data(as_text=True)
    assert _directorates(app) == []


@pytest.mark.parametrize(
    ("population", "message"),
    [
        ("-1", "Enter a whole number from 0 to"),
        ("many", "integer"),
        ("2.5", "integer"),
        ("", "Enter the population"),
        ("99999999999", "Enter a whole number from 0 to"),
        ("9" * 40, "Enter a whole number"),
    ],
)
def test_a_bad_population_is_refused_with_the_reason(app, client, login, population, message):
    login("admin")
    refused = submit(
        client, "/manage/local-communities/new?lang=en", {**COMMUNITY, "population": population}
    )
    assert refused.status_code == 400
    assert message in refused.get_data(as_text=True)
    assert _communities(app) == []


def test_a_directorate_in_use_is_not_deleted(app, client, login, make_directorate, make_user):
    education = make_directorate("EDU")
    health = make_directorate("HEA")
    make_user("officer", email="officer.edu@istog.example", directorate_id=education)
    login("admin")
    with app.app_context():
        from consult.core.models import Consultation

        db.session.add(
            Consultation(kind="draft_act", status="draft", title={"sq": "T"}, directorate_id=health)
        )
        db.session.commit()
    listed = client.get("/manage/directorates?lang=en").get_data(as_text=True)
    assert listed.count('<td class="number">1</td>') == 2  # one officer, one consultation
    for directorate in (education, health):
        answer = submit(
            client,
            f"/manage/directorates/{directorate}/delete?lang=en",
            {},
            form_url="/manage/directorates",
            follow_redirects=True,
        )
        assert "It cannot be deleted" in answer.get_data(as_text=True)
    assert [code for code, _name in _directorates(app)] == ["EDU", "HEA"]
    assert _actions(app) == []


def test_a_local_community_in_use_is_not_deleted(app, client, login, make_consultation):
    consultation = make_consultation()
    login("admin")
    submit(client, "/manage/local-communities/new?lang=en", {**COMMUNITY, "population": "10"})
    community = _community_id(app)
    with app.app_context():
        from consult.core.outreach import OutreachEntry

        db.session.add(
            OutreachEntry(
                consultation_id=consultation,
                channel="notice_board",
                used_on=dt.date.today(),
                local_community_id=community,
            )
        )
        db.session.commit()
    answer = submit(
        client,
        f"/manage/local-communities/{community}/delete?lang=en",
        {},
        form_url="/manage/local-communities",
        follow_redirects=True,
    )
    assert "It cannot be deleted" in answer.get_data(as_text=True)
    assert len(_communities(app)) == 1


def test_markup_typed_into_a_name_is_shown_as_text(app, client, login):
    login("admin")
    script = "<script>alert(1)</script><b>Arsimi</b>"
    submit(client, "/manage/directorates/new?lang=en", {"code": "EDU", "name_sq": script})
    submit(client, "/manage/local-communities/new?lang=en", {"name_sq": script, "population": "1"})
    for url in ("/manage/directorates?lang=en", "/manage/local-communities?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<b>Arsimi" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Arsimi&lt;/b&gt;" in page


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_every_page_renders_in_every_language(app, client, login, make_directorate, locale):
    education = make_directorate()
    login("admin")
    submit(client, "/manage/local-communities/new?lang=en", {**COMMUNITY, "population": "5"})
    community = _community_id(app)
    for url in (
        "/manage/directorates",
        "/manage/directorates/new",
        f"/manage/directorates/{education}",
        "/manage/local-communities",
        "/manage/local-communities/new",
        f"/manage/local-communities/{community}",
    ):
        answer = client.get(f"{url}?lang={locale}")
        assert answer.status_code == 200, (url, locale)
        assert 'name="csrf_token"' in answer.get_data(as_text=True) or url.endswith("ies")
    home = client.get(f"/?lang={locale}").get_data(as_text=True)
    assert 'href="/manage/directorates"' in home and 'href="/manage/local-communities"' in home


def test_an_unknown_id_is_not_found(client, login):
    login("admin")
    assert client.get("/manage/directorates/999999").status_code == 404
    assert client.get("/manage/local-communities/99999999999999999999").status_code == 404


def test_a_second_municipality_has_its_own_directorate_with_the_same_code(app, make_directorate):
    make_directorate("EDU")
    second = make_second_municipality(app)  # it has an EDU of its own already
    admin, base = signed_in(app, "admin", SECOND_HOST)
    assert (
        submit(admin, f"{base}/manage/directorates/new", {"code": "FIN", **NAMES}).status_code
        == 302
    )
    listed = admin.get(f"{base}/manage/directorates?lang=en").get_data(as_text=True)
    assert "FIN" in listed and listed.count('<td translate="no">') == 2
    with app.app_context():
        rows = db.session.execute(
            select(Directorate.municipality_id, Directorate.code)
            .order_by(Directorate.id)
            .execution_options(**{ALL_MUNICIPALITIES: True})
        ).all()
    first = 1
    assert [tuple(r) for r in rows] == [
        (first, "EDU"),
        (second["municipality_id"], "EDU"),
        (second["municipality_id"], "FIN"),
    ]
    # the first municipality's administrator sees only its own
    with app.app_context(), serving(first):
        assert db.session.scalar(select(func.count()).select_from(Directorate)) == 1
    # and the second's cannot reach the first's
    assert admin.get(f"{base}/manage/directorates/{_directorate_id(app, 'EDU')}").status_code == 404


def test_a_reference_the_check_misses_is_refused_by_the_database(
    app, client, login, make_directorate, make_user, monkeypatch
):
    """Should the count of references miss one, the database's foreign key still refuses the
    deletion, and the administrator reads the same reason."""
    from consult.setup import services

    education = make_directorate("EDU")
    make_user("officer", email="officer.edu@istog.example", directorate_id=education)
    login("admin")
    monkeypatch.setattr(services, "references_to", lambda model, record_id: 0)
    answer = submit(
        client,
        f"/manage/directorates/{education}/delete?lang=en",
        {},
        form_url="/manage/directorates",
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "It cannot be deleted" in answer.get_data(as_text=True)
    assert [code for code, _name in _directorates(app)] == ["EDU"]
    assert _actions(app) == []
