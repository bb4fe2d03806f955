"""Letters in the format and language the person needs: a customer preferring large print
gets the large-print letter, printed at 16 point or more; Easy Read and Welsh likewise.
When the template for their format or language is not published, issuing is refused with
a message naming the template to write, and nothing is issued or recorded."""

import io
import re
import subprocess

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.customers.enums import PreferredLanguage
from reporting.letters.demo import EASY_READ_RESTRICTION, LARGE_PRINT_RESTRICTION
from reporting.letters.demo import publish_template as publish_demo_template
from reporting.letters.enums import LetterType, TemplateFormat
from reporting.letters.models import Letter, LetterSequence, LetterTemplate
from reporting.letters.services import issue_letter
from reporting.restrictions.enums import RestrictionStatus
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

RESTRICTION = LetterType.RESTRICTION
LARGE, EASY, STANDARD = (
    TemplateFormat.LARGE_PRINT,
    TemplateFormat.EASY_READ,
    TemplateFormat.STANDARD,
)
ENGLISH, WELSH = PreferredLanguage.ENGLISH, PreferredLanguage.WELSH

# A Welsh restriction letter, written for these tests; it says all a restriction letter
# must say.
WELSH_RESTRICTION = (
    "Rydym yn cyfyngu ar sut rydych yn cysylltu â ni",
    """Annwyl {customer_name}

Rydym wedi penderfynu cyfyngu, am gyfnod, ar sut rydych yn cysylltu â {council_name}.

Gwnaed y penderfyniad ar {decision_date} gan {decision_maker_role}.

## Pam

{behaviour}

{reasons}

## Beth sy’n newid

{restrictions}

{arrangements}

{scope}

## Gwasanaethau hanfodol

{essential_services}

## Am ba hyd

Mae’n dechrau ar {start_date} ac yn para {end_date}. Byddwn yn ei adolygu erbyn \
{review_date}.

## Os ydych yn anghytuno

{reconsideration}

{ombudsman}

## Ein polisi

{policy_link}

{adjustments}""",
)


def publish(format, language, wording):
    subject, body = wording
    return publish_demo_template(RESTRICTION, format, language, subject, body)


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


def restriction_for(housing, **preferences):
    customer = CustomerFactory(address="4 Quarry Lane", postcode="FH3 9QT", **preferences)
    incident = IncidentFactory(customer=customer, service_area=housing)
    return RestrictionFactory(customer=customer, incidents=[incident])


def pdf_text(data):
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def text_sizes(data):
    """The size, in points as printed, of every run of text on every page of the PDF: the
    font size set with Tf, scaled by the text matrix and the page's transformation, as a
    PDF reader draws it. Returns a list of (size, number of glyphs)."""
    sizes = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            stack, ctm = [], (1, 0, 0, 1, 0, 0)
            tm, font_size = (1, 0, 0, 1, 0, 0), 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    ctm = _multiply(tuple(float(x) for x in operands), ctm)
                elif op == "BT":
                    tm = (1, 0, 0, 1, 0, 0)
                elif op == "Tm":
                    tm = tuple(float(x) for x in operands)
                elif op == "Tf":
                    font_size = float(operands[1])
                elif op in ("Tj", "TJ", "'", '"'):
                    a, b, c, d, _, _ = _multiply(tm, ctm)
                    scale = abs(a * d - b * c) ** 0.5
                    glyphs = (
                        sum(
                            len(bytes(part))
                            for part in operands[0]
                            if isinstance(part, pikepdf.String)
                        )
                        if op == "TJ"
                        else len(bytes(operands[-1]))
                    )
                    if glyphs:
                        sizes.append((round(font_size * scale, 2), glyphs))
    return sizes


def flat(text):
    return " ".join(text.split())


def nothing_issued(restriction):
    status, starts_on = restriction.status, restriction.starts_on
    assert not Letter.objects.exists()
    assert not LetterSequence.objects.filter(last_number__gt=0).exists()
    assert not AuditEvent.objects.filter(object_type="letter").exists()
    restriction.refresh_from_db()
    assert (restriction.status, restriction.starts_on) == (status, starts_on)


# Large print ---------------------------------------------------------------------------


def test_a_person_preferring_large_print_gets_the_large_print_letter_at_16_point_or_more(
    policy, manager, housing
):
    template = publish(LARGE, ENGLISH, LARGE_PRINT_RESTRICTION)
    restriction = restriction_for(housing, preferred_format="large_print")

    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)

    assert letter.template == template
    assert letter.format == "large_print"
    assert letter.subject == "We are limiting how you contact us"
    data = letter.pdf.read()
    sizes = text_sizes(data)
    assert sum(glyphs for _, glyphs in sizes) > 2000  # the whole letter was measured
    assert min(size for size, _ in sizes) >= 16
    text = flat(pdf_text(data))
    assert "The policy we followed" in text
    assert letter.reference in text


def test_a_standard_letter_still_prints_small_text(policy, manager, housing):
    """The measure above can tell the difference: a standard letter has 9 and 11 point."""
    publish(LARGE, ENGLISH, LARGE_PRINT_RESTRICTION)
    restriction = restriction_for(housing)
    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)
    assert letter.template.format == STANDARD
    assert min(size for size, _ in text_sizes(letter.pdf.read())) < 12


# Easy Read -----------------------------------------------------------------------------


def test_a_person_preferring_easy_read_gets_the_easy_read_letter_one_idea_a_line(
    policy, manager, housing
):
    template = publish(EASY, ENGLISH, EASY_READ_RESTRICTION)
    restriction = restriction_for(housing, preferred_format="easy_read")

    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)

    assert letter.template == template
    assert letter.subject == "We are changing how you can contact us"
    paragraphs = [p for p in letter.body_text.split("\n\n") if not p.startswith("• ")]
    assert "Do you think our decision is wrong?" in paragraphs
    assert "You can ask us to look at it again." in paragraphs
    assert "It is only about you." in paragraphs
    # Every paragraph the council words itself holds one sentence: no full stop is
    # followed by another sentence.
    council_words = [p for p in paragraphs if p not in restriction.behaviour]
    assert all(not re.search(r"[.?!] [A-Z]", p) for p in council_words), [
        p for p in council_words if re.search(r"[.?!] [A-Z]", p)
    ]
    text = flat(pdf_text(letter.pdf.read()))
    assert "Do you think our decision is wrong?" in text


def test_easy_read_splits_what_staff_recorded_into_one_sentence_a_line(policy, manager, housing):
    publish(EASY, ENGLISH, EASY_READ_RESTRICTION)
    restriction = restriction_for(housing, preferred_format="easy_read")
    type(restriction).objects.filter(pk=restriction.pk).update(
        reasons="You shouted at staff twice. We warned you on 2 February. It went on."
    )
    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)
    paragraphs = letter.body_text.split("\n\n")
    for sentence in ("You shouted at staff twice.", "We warned you on 2 February.", "It went on."):
        assert sentence in paragraphs


# Welsh ---------------------------------------------------------------------------------


def test_a_person_preferring_welsh_gets_the_welsh_letter_when_it_is_published(
    policy, manager, housing
):
    template = publish(STANDARD, WELSH, WELSH_RESTRICTION)
    restriction = restriction_for(housing, preferred_language="cy")

    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)

    assert letter.template == template
    assert letter.language == "cy"
    assert letter.subject == "Rydym yn cyfyngu ar sut rydych yn cysylltu â ni"
    # The council's own sentences are in Welsh too, and dates use Welsh month names.
    assert "gallwch ofyn i ni edrych arno eto" in letter.body_text
    assert "Mae’n berthnasol i chi yn unig" in letter.body_text
    assert "We can send this letter" not in letter.body_text
    text = flat(pdf_text(letter.pdf.read()))
    assert f"Ein cyfeirnod: {letter.reference}" in text
    assert "I wirio bod y llythyr hwn yn ddilys" in text
    assert re.search(
        r"Dyddiad: \d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi"
        r"|Hydref|Tachwedd|Rhagfyr) \d{4}",
        text,
    )
    assert "Tudalen 1 o" in text


def test_a_large_print_letter_in_welsh_uses_that_template(policy, manager, housing):
    publish(STANDARD, WELSH, WELSH_RESTRICTION)
    template = publish(LARGE, WELSH, WELSH_RESTRICTION)
    restriction = restriction_for(housing, preferred_format="large_print", preferred_language="cy")
    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)
    assert letter.template == template
    assert min(size for size, _ in text_sizes(letter.pdf.read())) >= 16


# Refused when the template is not published --------------------------------------------


@pytest.mark.parametrize(
    ("preferences", "missing"),
    [
        ({"preferred_format": "large_print"}, "“Restriction decision (large print)”"),
        ({"preferred_format": "easy_read"}, "“Restriction decision (Easy Read)”"),
        ({"preferred_language": "cy"}, "“Restriction decision (Welsh)”"),
        (
            {"preferred_format": "easy_read", "preferred_language": "cy"},
            "“Restriction decision (Easy Read, Welsh)”",
        ),
    ],
)
def test_issuing_is_refused_naming_the_template_to_write(
    policy, manager, housing, preferences, missing
):
    restriction = restriction_for(housing, **preferences)
    type(restriction).objects.filter(pk=restriction.pk).update(status=RestrictionStatus.DECIDED)
    restriction.refresh_from_db()
    with pytest.raises(RuleError) as refusal:
        issue_letter(RESTRICTION, by=manager, restriction=restriction)
    message = str(refusal.value)
    assert missing in message
    assert "is not published" in message
    assert "Letter templates" in message
    nothing_issued(restriction)


def test_a_draft_is_not_enough(policy, manager, housing):
    """A large-print template saved as a draft, never published, is not used."""
    LetterTemplate.objects.create(
        letter_type=RESTRICTION,
        format=LARGE,
        language=ENGLISH,
        subject=LARGE_PRINT_RESTRICTION[0],
        body=LARGE_PRINT_RESTRICTION[1],
        live=False,
    ).save_revision()
    restriction = restriction_for(housing, preferred_format="large_print")
    with pytest.raises(RuleError, match="large print"):
        issue_letter(RESTRICTION, by=manager, restriction=restriction)
    nothing_issued(restriction)


def test_the_preview_says_which_template_to_write(client, policy, manager, housing):
    restriction = restriction_for(housing, preferred_format="easy_read")
    client.force_login(manager)
    url = f"/staff/letters/new/restriction/{restriction.reference}/"
    page = client.get(url).content.decode()
    assert "This letter cannot be issued" in page
    assert "Restriction decision (Easy Read)" in page
    response = client.post(url)
    assert "Restriction decision (Easy Read)" in response.content.decode()
    nothing_issued(restriction)


def test_the_preview_shows_the_large_print_letter_and_which_template(
    client, policy, manager, housing
):
    publish(LARGE, ENGLISH, LARGE_PRINT_RESTRICTION)
    restriction = restriction_for(housing, preferred_format="large_print")
    client.force_login(manager)
    page = client.get(f"/staff/letters/new/restriction/{restriction.reference}/")
    html = page.content.decode()
    assert "The template “Restriction decision (large print)”" in html
    assert "sc-letter--large_print" in html
    assert "print/letter-formats.css" in html
    assert "The policy we followed" in html


def test_braille_is_transcribed_from_the_standard_letter(policy, manager, housing, fast_pdf):
    restriction = restriction_for(housing, preferred_format="braille")
    letter = issue_letter(RESTRICTION, by=manager, restriction=restriction)
    assert (letter.template.format, letter.format) == (STANDARD, "braille")


# Templates -----------------------------------------------------------------------------


def test_a_large_print_template_must_say_everything_a_restriction_letter_says(policy):
    subject, body = LARGE_PRINT_RESTRICTION
    template = LetterTemplate.objects.create(
        letter_type=RESTRICTION,
        format=LARGE,
        subject=subject,
        body=body.replace("{ombudsman}", ""),
        live=False,
    )
    with pytest.raises(ValidationError, match="ombudsman"):
        template.save_revision().publish()
    template.refresh_from_db()
    assert not template.live


def test_one_template_per_type_format_and_language(policy):
    publish(LARGE, ENGLISH, LARGE_PRINT_RESTRICTION)
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterTemplate.objects.create(
            letter_type=RESTRICTION, format=LARGE, language=ENGLISH, subject="x", body="y"
        )
    assert str(LetterTemplate.objects.get(format=LARGE)) == "Restriction decision (large print)"
