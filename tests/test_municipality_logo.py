"""A logo per municipality (issue #22): `flask municipalities logo SLUG FILE` checks and keeps
it; each municipality's pages show its own, and the configured logo stays the first's."""

import pytest

from consult.identity import Logo
from tests.test_municipality_create import CREATE

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">'
    b'<circle cx="24" cy="24" r="20" fill="#0b4f8a"/></svg>'
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HARMFUL = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
PRIZREN = "http://prizren.example"


@pytest.fixture
def logos(app, tmp_path, monkeypatch):
    """Logos kept in a folder of the test's own; Prizren made by the command."""
    monkeypatch.setitem(app.config, "LOGO_FOLDER", str(tmp_path / "logos"))
    monkeypatch.setitem(app.config, "LOGO", None)
    return tmp_path


def _logo(app, base: str = "http://localhost") -> tuple[int, str, bytes]:
    """The /logo answer of `base`: status, type and bytes (the file closed after)."""
    answer = app.test_client().get(f"{base}/logo")
    data = answer.data
    answer.close()
    return answer.status_code, answer.mimetype, data


def _file(folder, name: str, data: bytes):
    path = folder / name
    path.write_bytes(data)
    return str(path)


def test_each_municipality_shows_its_own_logo(app, runner, logos):
    assert runner.invoke(args=CREATE).exit_code == 0
    stored = runner.invoke(args=["municipalities", "logo", "prizren", _file(logos, "p.svg", SVG)])
    assert stored.exit_code == 0, stored.output
    client = app.test_client()
    served = client.get(f"{PRIZREN}/logo")
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"
    assert served.data == SVG and "sandbox" in served.headers["Content-Security-Policy"]
    served.close()
    assert 'class="brand-logo"' in client.get(f"{PRIZREN}/?lang=en").get_data(as_text=True)
    assert _logo(app)[0] == 404  # Istog has none
    assert 'class="brand-logo"' not in client.get("/?lang=en").get_data(as_text=True)


def test_the_configured_logo_is_the_first_municipalitys_only(app, runner, logos, monkeypatch):
    monkeypatch.setitem(app.config, "LOGO", Logo(logos / "istog.png", "image/png"))
    (logos / "istog.png").write_bytes(PNG)
    assert runner.invoke(args=CREATE).exit_code == 0
    assert _logo(app)[2] == PNG
    assert _logo(app, PRIZREN)[0] == 404


def test_a_png_replaces_an_svg_and_remove_takes_it_away(app, runner, logos):
    assert runner.invoke(args=CREATE).exit_code == 0
    runner.invoke(args=["municipalities", "logo", "prizren", _file(logos, "p.svg", SVG)])
    replaced = runner.invoke(args=["municipalities", "logo", "prizren", _file(logos, "p.png", PNG)])
    assert replaced.exit_code == 0, replaced.output
    assert sorted(p.name for p in (logos / "logos").iterdir()) == ["prizren.png"]
    assert _logo(app, PRIZREN)[1] == "image/png"
    removed = runner.invoke(args=["municipalities", "logo", "prizren", "--remove"])
    assert removed.exit_code == 0 and "removed" in removed.output
    assert _logo(app, PRIZREN)[0] == 404


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (HARMFUL, "event attribute"),
        (b"GIF89a" + b"\x00" * 20, "neither a PNG nor an SVG"),
        (PNG + b"\x00" * (512 * 1024), "larger than"),
    ],
)
def test_a_file_that_is_no_safe_logo_stores_nothing(app, runner, logos, data, words):
    assert runner.invoke(args=CREATE).exit_code == 0
    refused = runner.invoke(
        args=["municipalities", "logo", "prizren", _file(logos, "bad.svg", data)]
    )
    assert refused.exit_code != 0 and words in refused.output, refused.output
    assert not (logos / "logos").exists() or not list((logos / "logos").iterdir())
    assert _logo(app, PRIZREN)[0] == 404


def test_wrong_use_of_the_command(runner, logos):
    unknown = runner.invoke(args=["municipalities", "logo", "gjakova", "--remove"])
    assert unknown.exit_code != 0 and "no municipality" in unknown.output
    neither = runner.invoke(args=["municipalities", "logo", "istog"])
    assert neither.exit_code != 0 and "either FILE or --remove" in neither.output


def test_a_stored_logo_changed_behind_the_apps_back_is_not_served(app, runner, logos):
    assert runner.invoke(args=CREATE).exit_code == 0
    runner.invoke(args=["municipalities", "logo", "prizren", _file(logos, "p.svg", SVG)])
    (logos / "logos" / "prizren.svg").write_bytes(HARMFUL + b" ")
    assert _logo(app, PRIZREN)[0] == 404
