"""axe-core in a real Chromium: the public pages and the back office have no serious or critical
violation of WCAG 2.1 A/AA, in Albanian and in Serbian Cyrillic."""

import pytest

from consult.core.documents import CheckedFile, store_document
from consult.extensions import db
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.presentation]

#: the rule sets of WCAG 2.0 and 2.1, levels A and AA
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
LOCALES = ("sq", "sr")


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations_report(violations: list[dict], where: str) -> str:
    """Every blocking violation with the elements it was found on, readable in a test log."""
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:400]}")
    return "\n".join(lines)


@pytest.fixture
def check(axe):
    """`check(page, where)` runs axe on the loaded page and fails with a readable report."""

    def run(page, where: str) -> None:
        page.wait_for_load_state("load")
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA},
                "resultTypes": ["violations"],
            },
        )
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
        assert not blocking, violations_report(blocking, where)

    return run


@pytest.fixture
def published(app, make_directorate, make_consultation):
    """A published consultation with a document, in every language; returns its id."""
    directorate = make_directorate("EDU", "Drejtoria e Arsimit")
    consultation_id = make_consultation(
        directorate_id=directorate,
        contact_phone="+383 39 451 000",
        summary={
            "sq": "Rregullat për transparencën e punës së komunës.",
            "sr_Latn": "Pravila o transparentnosti rada opštine.",
            "bs": "Pravila o transparentnosti rada općine.",
            "en": "Rules on the transparency of the municipality's work.",
        },
    )
    with app.app_context():
        document = store_document(
            CheckedFile(b"%PDF-1.7\n%%EOF", "pdf", "projektakti.pdf"),
            app.config["UPLOAD_FOLDER"],
            consultation_id=consultation_id,
            role="draft",
            title={"sq": "Projektakti", "sr_Latn": "Nacrt akta", "bs": "Nacrt akta"},
        )
        db.session.add(document)
        db.session.commit()
    return consultation_id


def sign_in(page, live_server: str, email: str, locale: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{live_server}/login?lang={locale}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server}/manage/")


@pytest.mark.parametrize("locale", LOCALES)
def test_public_pages_have_no_serious_accessibility_violation(
    page, live_server, published, check, locale
):
    for path in ("/", f"/consultations/{published}", "/login", "/no/such/page"):
        page.goto(f"{live_server}{path}?lang={locale}")
        check(page, f"{path} ({locale})")


@pytest.mark.parametrize("locale", LOCALES)
def test_public_pages_on_a_phone_have_no_serious_accessibility_violation(
    phone, live_server, published, check, locale
):
    for path in ("/", f"/consultations/{published}"):
        phone.goto(f"{live_server}{path}?lang={locale}")
        check(phone, f"{path} on a phone ({locale})")


@pytest.mark.parametrize("locale", LOCALES)
def test_sign_in_errors_have_no_serious_accessibility_violation(page, live_server, check, locale):
    page.goto(f"{live_server}/login?lang={locale}")
    page.locator("#email").fill("not an address")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    check(page, f"/login with errors ({locale})")


@pytest.mark.parametrize("locale", LOCALES)
def test_back_office_has_no_serious_accessibility_violation(
    page, live_server, published, make_user, check, locale
):
    sign_in(page, live_server, make_user("officer"), locale)
    for path in (
        "/manage/",
        f"/manage/consultations/{published}",
        f"/manage/consultations/{published}/edit",
        "/manage/consultations/new",
    ):
        page.goto(f"{live_server}{path}?lang={locale}")
        check(page, f"{path} ({locale})")


@pytest.mark.parametrize("locale", LOCALES)
def test_back_office_forms_with_errors_have_no_serious_accessibility_violation(
    page, live_server, published, make_user, check, locale
):
    sign_in(page, live_server, make_user("officer"), locale)
    page.goto(f"{live_server}/manage/consultations/new?lang={locale}")
    page.locator("#opens_at").fill("2026-12-10")
    page.locator("#closes_at").fill("2026-11-01")
    page.locator("main form.wide-form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    check(page, f"the new consultation form with errors ({locale})")

    page.goto(f"{live_server}/manage/consultations/{published}?lang={locale}")
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    check(page, f"the document form with errors ({locale})")


@pytest.mark.parametrize("locale", LOCALES)
def test_style_guide_has_no_serious_accessibility_violation_and_large_choices(
    page, live_server, make_user, check, locale
):
    """/styleguide shows every macro; its radio buttons and check boxes are at least 24 x 24
    CSS px, left of their label and on its line (issue #18)."""
    sign_in(page, live_server, make_user("admin"), locale)
    page.goto(f"{live_server}/styleguide?lang={locale}")
    check(page, f"/styleguide ({locale})")
    for selector in ("#gender-0", "#statuses-0", "#show_name"):
        box = page.locator(selector).bounding_box()
        label = page.locator(f"label[for={selector[1:]}]").bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (selector, box)
        assert box["x"] + box["width"] <= label["x"], (selector, box, label)
        assert label["y"] < box["y"] + box["height"], (selector, box, label)
    page.keyboard.press("Tab")
    page.locator("#gender-0").focus()
    outline = page.locator("#gender-0").evaluate("e => getComputedStyle(e).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2


def test_the_check_itself_catches_what_it_must(page, check):
    """A page with an unlabelled field and an image without text fails, with a clear report."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        check(page, "a broken page")
    report = str(failure.value)
    assert "image-alt" in report and "label" in report and "<input" in report
