"""PDFs attached as evidence are opened and refused if they carry scripts, launch actions
or other files, or cannot be read; a refused report stores nothing."""

import datetime
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reporting.customers.models import Customer
from reporting.incidents import evidence, pdf_screening
from reporting.incidents.models import BehaviourCategory, Evidence, Incident
from tests.access.factories import ServiceAreaFactory
from tests.factories import UserFactory

REPORT = "/staff/incidents/new/"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def saved(pdf):
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def one_page(change=None):
    """A one-page PDF, changed by ``change(pdf)`` before it is written."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if change:
        change(pdf)
    return saved(pdf)


def script_action(pdf):
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Action,
            S=pikepdf.Name.JavaScript,
            JS=pikepdf.String("app.alert('hello')"),
        )
    )


def open_action_script(pdf):
    pdf.Root.OpenAction = script_action(pdf)


def open_action_script_written_inline(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1"))


def document_script(pdf):
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["hello", script_action(pdf)]))
    )


def launch_action(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("C:\\Windows\\System32\\calc.exe")
    )


def launch_from_a_link(pdf):
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("run.sh")),
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))


def embedded_file(pdf):
    attached = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 a program", filename="invoice.exe")
    pdf.attachments["invoice.exe"] = attached


def file_attachment_annotation(pdf):
    stream = pdf.make_stream(b"hidden contents", Type=pikepdf.Name.EmbeddedFile)
    annotation = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.FileAttachment,
        Rect=pikepdf.Array([0, 0, 20, 20]),
        FS=pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec,
            F=pikepdf.String("notes.txt"),
            EF=pikepdf.Dictionary(F=stream),
        ),
    )
    pdf.pages[0].Annots = pikepdf.Array([pdf.make_indirect(annotation)])


def page_open_script(pdf):
    pdf.pages[0].AA = pikepdf.Dictionary(O=script_action(pdf))


def form_field_script(pdf):
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("amount"),
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            Rect=pikepdf.Array([0, 0, 100, 20]),
            AA=pikepdf.Dictionary(K=script_action(pdf)),
        )
    )
    pdf.pages[0].Annots = pikepdf.Array([field])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))


def deep_inside(pdf):
    """A script several levels down inside directly written dictionaries and arrays."""
    pdf.Root.Extra = pikepdf.Dictionary(
        Level=pikepdf.Array([pikepdf.Dictionary(Deeper=pikepdf.Array([script_action(pdf)]))])
    )
    pdf.Root.Other = pikepdf.Dictionary(
        Level=pikepdf.Array([pikepdf.Dictionary(JS=pikepdf.String("x"))])
    )


def with_a_link(pdf):
    """An ordinary web link: not an action we refuse."""
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://council.example")),
    )
    pdf.pages[0].Annots = pikepdf.Array([pdf.make_indirect(link)])
    pdf.docinfo["/Title"] = "Letter from the customer"


def locked():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    return out.getvalue()


SCRIPT = "contains a script, so it cannot be attached as evidence"
LAUNCH = "contains an action that opens another program"
EMBEDDED = "has other files inside it"
DAMAGED = "is damaged or is not a PDF we can read"
LOCKED = "is protected by a password"


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# The check itself ------------------------------------------------------------------


@pytest.mark.parametrize("change", [None, with_a_link])
def test_a_clean_pdf_passes(change):
    content = one_page(change)
    checked = evidence.check_file(upload("letter.pdf", content))
    assert checked.kind == evidence.PDF
    assert checked.upload.read() == content  # left ready to be saved


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (open_action_script, SCRIPT),
        (open_action_script_written_inline, SCRIPT),
        (document_script, SCRIPT),
        (page_open_script, SCRIPT),
        (form_field_script, SCRIPT),
        (deep_inside, SCRIPT),
        (launch_action, LAUNCH),
        (launch_from_a_link, LAUNCH),
        (embedded_file, EMBEDDED),
        (file_attachment_annotation, EMBEDDED),
    ],
)
def test_active_or_carrying_pdfs_are_refused_by_name(change, words):
    with pytest.raises(ValidationError) as refused:
        evidence.check_file(upload("statement.pdf", one_page(change)))
    [message] = refused.value.messages
    assert message.startswith("“statement.pdf” ")
    assert words in message


def test_the_script_message_says_what_to_do():
    with pytest.raises(ValidationError) as refused:
        evidence.check_file(upload("statement.pdf", one_page(open_action_script)))
    assert refused.value.messages == [
        "“statement.pdf” contains a script, so it cannot be attached as evidence. "
        "Print it to a new PDF and try again"
    ]


def test_objects_kept_in_object_streams_are_checked_too():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    open_action_script(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(ValidationError, match=SCRIPT):
        evidence.check_file(upload("compact.pdf", out.getvalue()))


def test_a_damaged_pdf_is_refused():
    content = one_page()
    # The header and the end marker are there, but the middle is gone.
    damaged = content[:20] + b"\x00garbage" * 20 + b"\n%%EOF\n"
    with pytest.raises(ValidationError, match=DAMAGED):
        evidence.check_file(upload("scan.pdf", damaged))


def test_a_pdf_locked_with_a_password_is_refused():
    with pytest.raises(ValidationError, match=LOCKED):
        evidence.check_file(upload("bank.pdf", locked()))


def test_a_pdf_too_big_to_walk_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_screening, "MAX_NODES", 2)
    with pytest.raises(ValidationError, match="too complicated for us to check"):
        evidence.check_file(upload("letter.pdf", one_page(with_a_link)))


# Through the report form -----------------------------------------------------------


@pytest.fixture
def evidence_dir(tmp_path, monkeypatch):
    folder = tmp_path / "evidence"
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folder))
    return folder


def files_in(folder):
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def report(db, client, evidence_dir):
    """Post a complete report about someone unknown, with ``files`` attached."""
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    area = ServiceAreaFactory(name="Libraries")
    day = timezone.localdate() - datetime.timedelta(days=2)

    def post(*files):
        return client.post(
            REPORT,
            {
                "who": "unknown",
                "unknown_description": "Young man with a bike.",
                "occurred_on_0": str(day.day),
                "occurred_on_1": str(day.month),
                "occurred_on_2": str(day.year),
                "occurred_time": "10:15",
                "service_area": str(area.pk),
                "location_kind": "remote",
                "channel": "email",
                "categories": [str(BehaviourCategory.objects.get(name="Threats").pk)],
                "description": "Sent threatening e-mails to the library team.",
                "injury": "no",
                "violence": "no",
                "police_informed": "no",
                "riddor_reportable": "no",
                "safeguarding_concern": "no",
                "action": "send",
                "evidence": list(files),
            },
        )

    return post


def counts():
    return (Incident.objects.count(), Customer.objects.count(), Evidence.objects.count())


def test_a_clean_pdf_is_stored_with_the_report(report, evidence_dir):
    content = one_page(with_a_link)
    response = report(upload("photo.png", PNG, "image/png"), upload("letter.pdf", content))
    assert response.status_code == 302
    stored = {item.original_name: item for item in Evidence.objects.all()}
    assert set(stored) == {"photo.png", "letter.pdf"}
    assert stored["letter.pdf"].file.read() == content
    assert len(files_in(evidence_dir)) == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (one_page(open_action_script), SCRIPT),
        (one_page(launch_action), LAUNCH),
        (one_page(embedded_file), EMBEDDED),
        (one_page(page_open_script), SCRIPT),
        (b"%PDF-1.7\nthis is not really a PDF at all\n%%EOF\n", DAMAGED),
    ],
    ids=["open-action-script", "launch", "embedded-file", "page-action-script", "damaged"],
)
def test_a_refused_pdf_refuses_the_report_and_nothing_is_saved(
    report, soup, evidence_dir, content, words
):
    response = report(upload("photo.png", PNG, "image/png"), upload("statement.pdf", content))
    assert response.status_code == 200
    page = soup(response)
    assert "govuk-form-group--error" in page.select_one("#div_id_evidence")["class"]
    messages = [
        link.get_text(strip=True)
        for link in page.select(".govuk-error-summary a[href='#id_evidence']")
    ]
    assert len(messages) == 1
    assert messages[0].startswith("“statement.pdf” ")
    assert words in messages[0]
    assert counts() == (0, 0, 0)
    assert files_in(evidence_dir) == []
