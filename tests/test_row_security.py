"""PostgreSQL's row-level security, the second wall between municipalities (migration 0037).

The app scopes every ORM statement itself (`consult.core.tenancy`); these tests take that
scoping away and show that the database alone still keeps a municipality's rows from another:
as a DBA would see it in psql with the serving role, and through the app itself connected as
that role. The tests' own connections are a superuser's, whom row security does not bind.
"""

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError
from sqlalchemy.pool import NullPool

from consult import create_app
from consult.core import tenancy
from consult.core.models import Consultation
from consult.extensions import db
from tests.test_tenancy_isolation import SECOND_HOST, make_second_municipality

#: the role the app would serve with in production: no superuser, no owner, no bypass
ROLE = "consult_serving_test"


@pytest.fixture
def serving_url(app) -> str:
    """A URL of the test database for the serving role (made once per cluster, granted the
    plain rights on this database's tables)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row-level security is PostgreSQL's")
        with db.engine.begin() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": ROLE}
            )
            if not exists:
                try:
                    with connection.begin_nested():
                        connection.execute(text(f"CREATE ROLE {ROLE} LOGIN"))
                except ProgrammingError:
                    pass  # another worker made it at the same moment
            connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {ROLE}"))
            connection.execute(
                text(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}"
                )
            )
            connection.execute(
                text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
            )
        return (
            make_url(str(db.engine.url))
            .set(username=ROLE, password=None)
            .render_as_string(hide_password=False)
        )


@pytest.fixture
def two_municipalities(app) -> dict:
    made = make_second_municipality(app)
    with app.app_context():
        first = Consultation(
            kind="draft_act",
            status="open",
            title={"sq": "Istogu"},
            summary={},
            body={},
            contact_name="Istog",
            contact_email="pio@istog.example",
        )
        db.session.add(first)
        db.session.commit()
        made["first_consultation_id"] = first.id
    return made


def _count(connection, municipality_id: int | None) -> list[int]:
    if municipality_id is not None:
        connection.execute(
            text("SELECT set_config('consult.municipality', :id, true)"),
            {"id": str(municipality_id)},
        )
    return sorted(connection.scalars(text("SELECT DISTINCT municipality_id FROM consultations")))


def test_in_psql_the_serving_role_sees_only_the_municipality_it_names(
    serving_url, two_municipalities
):
    second = two_municipalities["municipality_id"]
    engine = create_engine(serving_url, poolclass=NullPool)  # a new session each time
    try:
        with engine.connect() as connection, connection.begin():
            assert _count(connection, second) == [second]
        with engine.connect() as connection, connection.begin():
            assert _count(connection, 1) == [1]
        with engine.connect() as connection, connection.begin():
            named = connection.execute(
                text("SELECT set_config('consult.municipality', :id, true)"), {"id": str(second)}
            )
            assert named.scalar() == str(second)
            first = two_municipalities["first_consultation_id"]
            changed = connection.execute(
                text("UPDATE consultations SET contact_name = 'X' WHERE id = :id"), {"id": first}
            )
            assert changed.rowcount == 0  # the first municipality's row is not there for it
            deleted = connection.execute(text("DELETE FROM comments WHERE municipality_id = 1"))
            assert deleted.rowcount == 0
        with engine.connect() as connection, connection.begin():
            connection.execute(
                text("SELECT set_config('consult.municipality', :id, true)"), {"id": str(second)}
            )
            with pytest.raises(DBAPIError, match="row-level security"):
                connection.execute(
                    text(
                        "INSERT INTO directorates (code, name, municipality_id) "
                        "VALUES ('X', '{}', 1)"
                    )
                )
        with (
            engine.connect() as connection,
            connection.begin(),
            pytest.raises(DBAPIError, match=r"consult\.municipality"),
        ):
            _count(connection, None)  # nothing named: nothing shown, an error
    finally:
        engine.dispose()


def test_the_app_serving_as_that_role_keeps_the_wall_without_its_own_scoping(
    app, serving_url, two_municipalities
):
    config = {key: value for key, value in app.config.items() if key.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = serving_url
    Config = type("ServingConfig", (), config)
    serving_app = create_app(Config)
    event.remove(db.session, "do_orm_execute", tenancy._scope)
    try:
        client = serving_app.test_client()
        first = two_municipalities["first_consultation_id"]
        second_ids = two_municipalities["consultation_ids"]
        own = client.get(f"http://{SECOND_HOST}/consultations/{second_ids[0]}?lang=en")
        assert own.status_code == 200
        assert "Prizren" in own.get_data(as_text=True)
        other = client.get(f"http://{SECOND_HOST}/consultations/{first}?lang=en")
        assert other.status_code == 404
        listing = client.get(f"http://{SECOND_HOST}/consultations?lang=en").get_data(as_text=True)
        assert "Istogu" not in listing and "Prizren" in listing
        home = client.get(f"http://localhost/consultations/{first}?lang=en")
        assert home.status_code == 200 and "Istogu" in home.get_data(as_text=True)
    finally:
        event.listen(db.session, "do_orm_execute", tenancy._scope)
        with serving_app.app_context():
            db.engine.dispose()
