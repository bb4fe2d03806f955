"""Evidence files are judged by their content: accepted kinds pass, anything disguised or
too big is refused with a message naming the file, and a refused report stores nothing."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reporting.customers.models import Customer
from reporting.incidents import evidence
from reporting.incidents.models import BehaviourCategory, Evidence, Incident
from tests.access.factories import ServiceAreaFactory
from tests.factories import UserFactory

REPORT = "/staff/incidents/new/"
PAD = b"\x00" * 64

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + PAD
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + PAD
GIF = b"GIF89a\x01\x00\x01\x00" + PAD
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + PAD
# The smallest PDF that opens: a catalogue and one blank page. (PDFs are opened to screen
# them, so a header and an end marker alone are no longer enough.)
PDF = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
MP3_TAGGED = b"ID3\x04\x00\x00\x00\x00\x00\x00" + PAD
MP3_FRAME = b"\xff\xfb\x90\x64" + PAD
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + PAD
M4A = (24).to_bytes(4, "big") + b"ftypM4A \x00\x00\x02\x00M4A isom" + PAD
M4A_ANDROID = (24).to_bytes(4, "big") + b"ftypmp42\x00\x00\x00\x00isommp42" + PAD
AAC = b"\xff\xf1\x50\x80\x02\x1f\xfc" + PAD
OGG = b"OggS\x00\x02\x00\x00" + PAD
EML = (
    b"Return-Path: <a@example.com>\r\n"
    b"From: A Person <a@example.com>\r\n"
    b"To: staff@council.example\r\n"
    b"Subject: You again\r\n"
    b"  (continued)\r\n"
    b"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
    b"\r\n"
    b"The body of the message.\r\n"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MSG = (
    OLE
    + PAD * 8
    + "__substg1.0_0037001F".encode("utf-16-le")
    + PAD
    + "__properties_version1.0".encode("utf-16-le")
    + PAD
)
WORD_DOCUMENT = OLE + PAD * 8 + "WordDocument".encode("utf-16-le") + PAD
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + PAD
HTML = b"<!DOCTYPE html><html><body><script>alert('hello')</script></body></html>"
MP4_VIDEO = (20).to_bytes(4, "big") + b"ftypqt  \x00\x00\x00\x00qt  " + PAD


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.JPEG", JPEG, "image/jpeg"),
        ("screenshot.png", PNG, "image/png"),
        ("moving.gif", GIF, "image/gif"),
        ("phone.webp", WEBP, "image/webp"),
        ("letter.pdf", PDF, "application/pdf"),
        ("call.mp3", MP3_TAGGED, "audio/mpeg"),
        ("call-untagged.mp3", MP3_FRAME, "audio/mpeg"),
        ("call.wav", WAV, "audio/wav"),
        ("voice-memo.m4a", M4A, "audio/mp4"),
        ("recorder.m4a", M4A_ANDROID, "audio/mp4"),
        ("call.aac", AAC, "audio/aac"),
        ("call.ogg", OGG, "audio/ogg"),
        ("complaint.eml", EML, "message/rfc822"),
        ("complaint.msg", MSG, "application/vnd.ms-outlook"),
        # A photo saved with another picture ending is still a photo.
        ("photo.jpg", PNG, "image/png"),
    ],
)
def test_accepted_kinds_are_recognised_by_their_content(name, content, content_type):
    checked = evidence.check_file(upload(name, content))
    assert checked.content_type == content_type
    assert checked.name == name
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("statement.pdf", EXE, "named as a PDF but its content is not"),
        ("statement.pdf", HTML, "named as a PDF but its content is not"),
        ("photo.jpg", HTML, "named as an image but its content is not"),
        ("photo.png", EXE, "named as an image but its content is not"),
        ("complaint.eml", HTML, "named as a saved e-mail but its content is not"),
        ("complaint.msg", WORD_DOCUMENT, "named as a saved Outlook e-mail"),
        ("call.mp3", HTML, "named as a sound recording but its content is not"),
        ("clip.m4a", MP4_VIDEO, "named as a sound recording but its content is not"),
        ("scan.pdf", PNG, "it is a PNG image"),
        ("damaged.pdf", b"%PDF-1.4\nno end to this one", "named as a PDF"),
        ("program.exe", PNG, "not a kind of file we accept"),
        ("page.html", HTML, "not a kind of file we accept"),
        ("no-ending", PNG, "not a kind of file we accept"),
    ],
)
def test_disguised_or_unknown_files_are_refused_by_name(name, content, words):
    with pytest.raises(ValidationError) as refused:
        evidence.check_file(upload(name, content, content_type="application/pdf"))
    message = refused.value.messages[0]
    assert f"“{name}”" in message
    assert words in message


def test_the_browsers_content_type_is_ignored():
    assert evidence.check_file(upload("photo.png", PNG, "application/x-msdownload")).kind == (
        evidence.PNG
    )
    with pytest.raises(ValidationError):
        evidence.check_file(upload("statement.pdf", EXE, "application/pdf"))


def test_files_over_the_limit_are_refused(settings):
    assert settings.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024
    big = upload("video-still.png", PNG + b"\x00" * (settings.EVIDENCE_MAX_BYTES - len(PNG) + 1))
    with pytest.raises(ValidationError) as refused:
        evidence.check_file(big)
    assert refused.value.messages == [
        "“video-still.png” is 10.1 MB. Each file must be 10 MB or smaller"
    ]
    exactly = upload("ok.png", PNG + b"\x00" * (settings.EVIDENCE_MAX_BYTES - len(PNG)))
    assert evidence.check_file(exactly).size == settings.EVIDENCE_MAX_BYTES


def test_empty_files_are_refused():
    with pytest.raises(ValidationError, match="is empty"):
        evidence.check_file(upload("nothing.png", b""))


def test_at_most_ten_files_are_accepted():
    assert len(evidence.check_files([upload(f"{n}.png", PNG) for n in range(10)])) == 10
    with pytest.raises(ValidationError) as refused:
        evidence.check_files([upload(f"{n}.png", PNG) for n in range(11)])
    assert refused.value.messages == ["Attach 10 files or fewer. You chose 11"]


def test_every_bad_file_gets_its_own_message():
    with pytest.raises(ValidationError) as refused:
        evidence.check_files([upload("a.pdf", EXE), upload("b.png", PNG), upload("c.jpg", HTML)])
    messages = refused.value.messages
    assert len(messages) == 2
    assert "“a.pdf”" in messages[0]
    assert "“c.jpg”" in messages[1]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\sam\\Pictures\\photo.jpg", "photo.jpg"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
        ("  ..hidden   name.png ", "hidden name.png"),
        ("", "evidence"),
        ("tab\tand\nnewline.pdf", "tabandnewline.pdf"),
    ],
)
def test_names_are_made_safe(given, expected):
    assert evidence.clean_name(given) == expected


def test_long_names_are_cut_to_200_characters_keeping_the_ending():
    name = evidence.clean_name("a" * 300 + ".jpeg")
    assert len(name) == 200
    assert name.endswith(".jpeg")


def test_sizes_in_messages_never_round_down_to_the_limit():
    limit = 10 * 1024 * 1024
    assert evidence.megabytes(limit) == "10 MB"
    assert evidence.megabytes(limit + 1) == "10.1 MB"
    assert evidence.megabytes(1536 * 1024) == "1.5 MB"


# Through the report form ---------------------------------------------------------------


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
        data = {
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
        }
        return client.post(REPORT, data)

    return post


def counts():
    return (Incident.objects.count(), Customer.objects.count(), Evidence.objects.count())


def evidence_errors(soup, response):
    assert response.status_code == 200
    page = soup(response)
    links = page.select(".govuk-error-summary a[href='#id_evidence']")
    assert page.select_one("#id_evidence") is not None
    assert "govuk-form-group--error" in page.select_one("#div_id_evidence")["class"]
    return [link.get_text(strip=True) for link in links]


def test_good_files_are_stored_privately_with_what_we_know_of_them(report, evidence_dir, settings):
    response = report(
        upload("Call from customer.mp3", MP3_TAGGED, "audio/mpeg"),
        upload("../Their e-mail.eml", EML, "text/plain"),
        upload("photo.png", PNG, "image/png"),
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    items = {item.original_name: item for item in incident.evidence.all()}
    assert set(items) == {"Call from customer.mp3", "Their e-mail.eml", "photo.png"}
    assert items["Their e-mail.eml"].content_type == "message/rfc822"
    assert items["Call from customer.mp3"].sha256 == hashlib.sha256(MP3_TAGGED).hexdigest()
    assert items["photo.png"].size == len(PNG)
    assert {item.uploaded_by.username for item in items.values()} == {"frontline"}
    stored = files_in(evidence_dir)
    assert len(stored) == 3
    for path in stored:
        # Stored under a random name, never the person's own.
        assert "customer" not in path.name
        assert "photo" not in path.name
        assert str(settings.MEDIA_ROOT) not in str(path)
    assert items["photo.png"].file.read() == PNG


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("statement.pdf", EXE, "“statement.pdf” is named as a PDF"),
        ("statement.pdf", HTML, "“statement.pdf” is named as a PDF"),
        ("setup.exe", EXE, "“setup.exe” is not a kind of file we accept"),
    ],
)
def test_a_disguised_upload_is_refused_and_nothing_is_saved(
    report, soup, evidence_dir, name, content, words
):
    response = report(upload("photo.png", PNG), upload(name, content, "application/pdf"))
    messages = evidence_errors(soup, response)
    assert any(words in message for message in messages), messages
    assert counts() == (0, 0, 0)
    assert files_in(evidence_dir) == []


def test_an_oversized_upload_is_refused_and_nothing_is_saved(report, soup, evidence_dir):
    big = PNG + b"\x00" * (10 * 1024 * 1024)
    response = report(upload("photo.png", PNG), upload("huge.png", big, "image/png"))
    messages = evidence_errors(soup, response)
    assert messages == ["“huge.png” is 10.1 MB. Each file must be 10 MB or smaller"]
    assert counts() == (0, 0, 0)
    assert files_in(evidence_dir) == []


def test_more_than_ten_files_are_refused_and_nothing_is_saved(report, soup, evidence_dir):
    response = report(*(upload(f"photo-{n}.png", PNG) for n in range(11)))
    assert evidence_errors(soup, response) == ["Attach 10 files or fewer. You chose 11"]
    assert counts() == (0, 0, 0)
    assert files_in(evidence_dir) == []


def test_a_failure_while_saving_leaves_no_file_behind(report, evidence_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("reporting.incidents.services.audit.record_many", broken)
    with pytest.raises(RuntimeError):
        report(upload("photo.png", PNG), upload("letter.pdf", PDF))
    assert files_in(evidence_dir) == []
    assert counts() == (0, 0, 0)
