"""The public letter check: someone holding a letter types its reference and check code
and learns whether we issued it, when, what kind of letter it is and which policy version
it cites, and never anything about the person or the case."""

import logging
import subprocess
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from home.cache import HEADER, HIT
from reporting.letters.check_codes import check_code, display, normalise
from reporting.letters.enums import CheckOutcome, LetterType
from reporting.letters.models import LetterCheck
from reporting.letters.services import issue_letter
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

URL = "/check-a-letter/"
NOT_MATCHED = "We could not match that reference and code"


@pytest.fixture(autouse=True)
def fresh_counts():
    """The wrong-guess counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def customer(housing):
    person = CustomerFactory(
        first_name="Morwenna",
        last_name="Pascoe",
        address="4 Quarry Lane\nFernhollow",
        postcode="FH3 9QT",
    )
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def restriction(customer, housing):
    restriction = RestrictionFactory(
        customer=customer,
        incidents=list(customer.incidents.all()),
        behaviour="On 3 March you shouted at the receptionist at the Civic Offices.",
        reasons="The shouting went on after our written warning of 2 February.",
    )
    restriction.service_areas.set([housing])
    return restriction


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def letter(policy, housing, restriction, fast_pdf):
    manager = manager_of(housing, username="housing.manager")
    return issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)


def check(client, reference, code, pdf=None, **extra):
    data = {"reference": reference, "code": code}
    if pdf is not None:
        data["pdf"] = SimpleUploadedFile("letter.pdf", pdf, content_type="application/pdf")
    return client.post(URL, data, **extra)


def main(soup, response):
    """The page's main content without its CSRF token, which differs on every page."""
    page = soup(response).find("main")
    for token in page.select('input[name="csrfmiddlewaretoken"]'):
        token.decompose()
    return page


def words(soup, response):
    return " ".join(main(soup, response).get_text(" ").split())


# Check codes ---------------------------------------------------------------------------


def test_a_check_code_is_ten_plain_characters_fixed_by_the_reference_and_words():
    code = check_code("FDC-2026-00001", "Dear Ms Pascoe")
    assert len(code) == 10
    assert not set(code) & set("ILOU")
    assert code == check_code("FDC-2026-00001", "Dear Ms Pascoe")
    assert code != check_code("FDC-2026-00002", "Dear Ms Pascoe")
    assert code != check_code("FDC-2026-00001", "Dear Ms Pascoe.")
    assert display(code) == f"{code[:5]}-{code[5:]}"


def test_the_code_depends_on_the_server_key(settings):
    before = check_code("FDC-2026-00001", "Dear Ms Pascoe")
    settings.LETTER_CHECK_KEY = "another key for this installation"
    assert check_code("FDC-2026-00001", "Dear Ms Pascoe") != before


def test_a_typed_code_ignores_case_spaces_hyphens_and_look_alike_letters():
    assert normalise(" 7kq2m - x9d4t ") == "7KQ2MX9D4T"
    assert normalise("O1LI0-ABCDE") == "01110ABCDE"
    assert normalise("7KQ2M") == ""
    assert normalise("7KQ2M-X9D4U") == ""  # U is not in the alphabet


def test_issuing_stores_the_code_worked_out_from_the_reference_and_words(letter):
    assert letter.check_code == check_code(letter.reference, letter.body_text)


def test_the_letter_prints_the_check_address_reference_and_code(
    policy, housing, restriction, tmp_path
):
    manager = manager_of(housing, username="housing.manager")
    letter = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter.pdf.read())
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "To check this letter is genuine, go to:" in flat
    assert "https://council.example/check-a-letter/" in flat.replace(" ", "")
    assert display(letter.check_code) in flat
    assert f"enter our reference, {letter.reference}, and the check code" in flat


# Answers -------------------------------------------------------------------------------


def test_a_real_reference_and_code_confirm_the_letter_and_nothing_about_the_person(
    client, soup, letter, policy
):
    response = check(client, letter.reference, display(letter.check_code))
    assert response.status_code == 200
    text = words(soup, response)
    assert "This is a genuine letter from Fernhollow District Council" in text
    assert letter.reference in text
    assert f"{letter.issued_at.day} {letter.issued_at:%B %Y}" in text
    assert "Restriction decision" in text
    version = letter.policy_version
    assert f"{version.title}, version {version.number}" in text
    page = main(soup, response)
    assert page.select_one(f'a[href="{version.get_absolute_url()}"]') is not None
    day = page.select_one("time")
    assert day["datetime"] == f"{letter.issued_at:%Y-%m-%d}"
    for detail in ("Morwenna", "Pascoe", "Quarry Lane", "FH3 9QT", "shouted", "Housing"):
        assert detail not in text
    # The form is there again, empty, for the next letter.
    assert page.select_one('input[name="reference"]')["value"] == ""


def test_the_code_may_be_typed_in_any_case_with_spaces_and_without_the_hyphen(
    client, soup, letter
):
    code = letter.check_code
    typed = f" {code[:3].lower()} {code[3:7]} {code[7:].lower()} "
    response = check(client, f" {letter.reference.lower()} ", typed)
    assert "This is a genuine letter" in words(soup, response)


def test_a_wrong_code_and_a_made_up_reference_get_the_same_answer(client, soup, letter):
    wrong = "0000000000" if letter.check_code != "0000000000" else "1111111111"
    for_real_reference = check(client, letter.reference, wrong)
    for_made_up_reference = check(client, "FDC-2026-99999", display(letter.check_code))
    assert for_real_reference.status_code == for_made_up_reference.status_code == 200
    assert NOT_MATCHED in words(soup, for_real_reference)
    assert str(main(soup, for_real_reference)) == str(main(soup, for_made_up_reference))
    assert letter.reference not in words(soup, for_real_reference)


def test_a_code_that_cannot_be_one_is_an_error_on_the_field(client, soup, letter):
    response = check(client, letter.reference, "12345")
    page = soup(response)
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None
    assert summary.select_one('a[href="#id_code"]') is not None
    assert LetterCheck.objects.count() == 0


def test_a_replaced_letter_says_so_without_detail(client, soup, letter, restriction):
    first = letter
    second = issue_letter(
        LetterType.RESTRICTION, restriction=restriction, by=first.issued_by, supersedes=first
    )
    text = words(soup, check(client, first.reference, first.check_code))
    assert "This is a genuine letter" in text
    assert "We have since replaced this letter with a later one" in text
    assert second.reference not in text
    text = words(soup, check(client, second.reference, second.check_code))
    assert "replaced" not in text


# The PDF -------------------------------------------------------------------------------


def test_the_issued_pdf_matches_and_is_not_kept(client, soup, letter, tmp_path):
    issued = letter.pdf.read()
    response = check(client, letter.reference, letter.check_code, pdf=issued)
    assert "The file you chose is exactly the letter we issued" in words(soup, response)
    assert LetterCheck.objects.get().outcome == CheckOutcome.PDF_MATCHED


def test_a_pdf_with_one_byte_changed_does_not_match(client, soup, letter):
    issued = bytearray(letter.pdf.read())
    issued[-2] ^= 1
    response = check(client, letter.reference, letter.check_code, pdf=bytes(issued))
    text = words(soup, response)
    assert "This is a genuine letter" in text
    assert "The file you chose is not the letter we issued" in text
    assert LetterCheck.objects.get().outcome == CheckOutcome.PDF_DIFFERS


def test_only_a_pdf_is_accepted(client, soup, letter):
    response = check(client, letter.reference, letter.check_code, pdf=b"GIF89a")
    assert soup(response).select_one('.govuk-error-summary a[href="#id_pdf"]') is not None
    assert LetterCheck.objects.count() == 0


# Logging -------------------------------------------------------------------------------


def test_each_check_writes_one_row_without_what_was_typed(client, letter, caplog):
    caplog.set_level(logging.DEBUG)
    check(client, letter.reference, letter.check_code)
    check(client, "FDC-2026-99999", "ABCDE-FGHJK")
    rows = list(LetterCheck.objects.order_by("at", "pk"))
    assert [(row.outcome, row.letter_id) for row in rows] == [
        (CheckOutcome.MATCHED, letter.pk),
        (CheckOutcome.NOT_MATCHED, None),
    ]
    assert {field.name for field in LetterCheck._meta.concrete_fields} == {
        "id",
        "at",
        "outcome",
        "letter",
    }
    logged = caplog.text
    assert "FDC-2026-99999" not in logged
    assert "ABCDE" not in logged
    assert letter.check_code not in logged


# Limits and caching --------------------------------------------------------------------


def test_wrong_guesses_are_limited_per_address_and_then_nothing_is_checked(
    client, soup, letter, settings
):
    settings.LETTER_CHECK_RATE = "3/h"
    for _ in range(3):
        assert check(client, letter.reference, "0000000000").status_code == 200
    # Right guesses do not count, and the fourth wrong one is refused unchecked.
    refused = check(client, letter.reference, letter.check_code)
    assert refused.status_code == 429
    assert "too many attempts" in words(soup, refused).lower()
    assert "genuine" not in words(soup, refused)
    assert LetterCheck.objects.filter(outcome=CheckOutcome.LIMITED).count() == 1
    assert LetterCheck.objects.filter(outcome=CheckOutcome.NOT_MATCHED).count() == 3
    # Another address still checks.
    other = check(client, letter.reference, letter.check_code, REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 200


def test_right_guesses_do_not_use_up_the_allowance(client, letter, settings):
    settings.LETTER_CHECK_RATE = "2/h"
    for _ in range(5):
        assert check(client, letter.reference, letter.check_code).status_code == 200


def test_behind_a_proxy_the_limit_counts_the_address_sign_in_throttling_uses(
    client, letter, settings
):
    settings.LETTER_CHECK_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert check(client, letter.reference, "0000000000", **first).status_code == 200
    assert check(client, letter.reference, "0000000000", **first).status_code == 429
    assert check(client, letter.reference, "0000000000", **second).status_code == 200


def test_the_check_page_is_never_served_from_the_public_cache(client, soup, settings):
    settings.PUBLIC_CACHE_SECONDS = 600
    first = client.get(URL)
    second = client.get(URL)
    assert first.status_code == second.status_code == 200
    assert second.get(HEADER) != HIT
    assert "no-store" in second["Cache-Control"]
    form = soup(second).select_one("main form")
    assert form["method"] == "post"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    assert form.select_one('label[for="id_reference"]') is not None
    assert form.select_one('label[for="id_code"]') is not None
    assert form.select_one('input[type="file"][name="pdf"]') is not None


def test_the_checks_are_counted_by_outcome_for_the_council(client, letter):
    check(client, letter.reference, letter.check_code)
    check(client, letter.reference, "0000000000")
    check(client, "FDC-2026-99999", "0000000000")
    out = StringIO()
    call_command("letter_checks", days=7, stdout=out)
    report = out.getvalue()
    assert "Reference and code matched: 1" in report
    assert "Not matched: 2" in report
    assert "Total: 3" in report
