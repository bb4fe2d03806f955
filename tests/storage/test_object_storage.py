"""Files kept in S3-compatible object storage (a real local server, tests/storage/
conftest.py): letters and evidence are written to the bucket, read back through the
checked, audited views with their SHA-256 compared on every read, refused once changed in
the bucket, and never readable without the app's keys."""

import datetime
import hashlib
import io

import pytest
import requests
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from home.models import CustomImage
from policy_pages.models import PosterPdf
from reporting.access.models import AuditEvent
from reporting.incidents.models import BehaviourCategory, Evidence
from reporting.letters.enums import LetterType
from reporting.letters.services import issue_letter
from safecontact.settings.storage import object_storages
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory, make_poster, publish
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory
from tests.storage.conftest import keys_in

pytestmark = pytest.mark.django_db

REPORT = "/staff/incidents/new/"
# A photograph of a threatening note (only its opening bytes matter to the checks).
EVIDENCE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"I know where you park." * 20


@pytest.fixture
def fast_pdf(monkeypatch):
    def render(prepared):
        return f"%PDF-1.7 letter {prepared.reference}\n".encode()

    monkeypatch.setattr("reporting.letters.services.render_letter_pdf", render)


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def letter(bucket, housing, manager, fast_pdf):
    cite_policy()
    customer = CustomerFactory(
        first_name="Morwenna",
        last_name="Pascoe",
        address="4 Quarry Lane\nFernhollow",
        postcode="FH3 9QT",
    )
    incident = IncidentFactory(customer=customer, service_area=housing)
    restriction = RestrictionFactory(customer=customer, incidents=[incident])
    restriction.service_areas.set([housing])
    return issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)


def stored_key(field_file):
    """The object's key in the bucket: the store's prefix and the file's name."""
    return f"{field_file.storage.location}/{field_file.name}"


# Letters ------------------------------------------------------------------------------


def test_an_issued_letter_is_kept_in_the_bucket_and_downloads_as_issued(
    client, bucket, s3_client, letter, manager
):
    key = stored_key(letter.pdf)
    assert key.startswith("letters/letters/")
    assert keys_in(s3_client, bucket) == [key]
    in_bucket = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
    assert hashlib.sha256(in_bucket).hexdigest() == letter.sha256

    client.force_login(manager)
    response = client.get(f"/staff/letters/{letter.reference}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == in_bucket
    assert AuditEvent.objects.filter(action="download", object_id=letter.pk).count() == 1


def test_a_letter_changed_in_the_bucket_is_refused_and_governance_is_told(
    client,
    soup,
    bucket,
    s3_client,
    letter,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    governance = UserFactory(username="ig", roles=["Information governance"])
    s3_client.put_object(Bucket=bucket, Key=stored_key(letter.pdf), Body=b"%PDF-1.7 altered")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/staff/letters/{letter.reference}/pdf/")
    assert response.status_code == 500
    assert b"altered" not in response.content
    assert "does not match what was issued" in soup(response).h1.get_text()
    assert AuditEvent.objects.filter(action="integrity", object_id=letter.pk).exists()
    assert not AuditEvent.objects.filter(action="download", object_id=letter.pk).exists()
    assert [message.to for message in mailoutbox] == [[governance.email]]


def test_another_role_cannot_download_a_letter_from_the_bucket(client, letter):
    client.force_login(UserFactory(username="colleague", roles=["Staff"]))
    response = client.get(f"/staff/letters/{letter.reference}/pdf/")
    assert response.status_code in (403, 404)
    assert b"%PDF" not in response.content


# Evidence ------------------------------------------------------------------------------


@pytest.fixture
def reported_evidence(bucket, client):
    """A report sent through the form with one file attached; the file lands in the bucket."""
    reporter = UserFactory(username="frontline", roles=["Staff"])
    client.force_login(reporter)
    area = ServiceAreaFactory(name="Libraries")
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(
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
            "description": "Left a threatening note for the library team.",
            "injury": "no",
            "violence": "no",
            "police_informed": "no",
            "riddor_reportable": "no",
            "safeguarding_concern": "no",
            "action": "send",
            "evidence": [SimpleUploadedFile("note.png", EVIDENCE, "image/png")],
        },
    )
    assert response.status_code == 302
    return Evidence.objects.get()


def evidence_url(evidence):
    return f"/staff/incidents/{evidence.incident.reference}/evidence/{evidence.pk}/"


def test_uploaded_evidence_is_kept_in_the_bucket_and_downloads_checked(
    client, bucket, s3_client, reported_evidence
):
    key = stored_key(reported_evidence.file)
    assert key.startswith("evidence/evidence/")
    assert keys_in(s3_client, bucket) == [key]
    assert s3_client.get_object(Bucket=bucket, Key=key)["Body"].read() == EVIDENCE

    response = client.get(evidence_url(reported_evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE
    assert "note.png" in response["Content-Disposition"]
    incident = reported_evidence.incident
    assert AuditEvent.objects.filter(action="download", object_id=incident.pk).count() == 1


def test_evidence_changed_in_the_bucket_is_refused_and_governance_is_told(
    client,
    soup,
    bucket,
    s3_client,
    reported_evidence,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    governance = UserFactory(username="ig", roles=["Information governance"])
    s3_client.put_object(
        Bucket=bucket,
        Key=stored_key(reported_evidence.file),
        Body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR nothing was said",
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(evidence_url(reported_evidence))
    assert response.status_code == 500
    assert b"nothing was said" not in response.content
    assert "does not match what was uploaded" in soup(response).h1.get_text()
    incident = reported_evidence.incident
    assert AuditEvent.objects.filter(action="integrity", object_id=incident.pk).exists()
    assert not AuditEvent.objects.filter(action="download", object_id=incident.pk).exists()
    assert [message.to for message in mailoutbox] == [[governance.email]]
    assert incident.reference in mailoutbox[0].subject


def test_evidence_gone_from_the_bucket_is_not_found(client, bucket, s3_client, reported_evidence):
    s3_client.delete_object(Bucket=bucket, Key=stored_key(reported_evidence.file))
    assert client.get(evidence_url(reported_evidence)).status_code == 404


# Poster PDFs ---------------------------------------------------------------------------


def test_a_poster_pdf_is_kept_in_the_bucket_and_served_by_its_page(client, bucket, s3_client):
    policy = cite_policy()
    poster = publish(make_poster(policy=policy), note="First poster.")
    response = client.get(f"{poster.url}versions/1/pdf/a4/")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served.startswith(b"%PDF")
    record = PosterPdf.objects.get()
    key = stored_key(record.file)
    assert key.startswith("posters/posters/")
    assert keys_in(s3_client, bucket) == [key]
    assert s3_client.get_object(Bucket=bucket, Key=key)["Body"].read() == served
    assert hashlib.sha256(served).hexdigest() == record.sha256


# Nothing is public ----------------------------------------------------------------------


def test_stored_objects_cannot_be_read_without_the_apps_keys(
    bucket, s3_endpoint, s3_client, letter, reported_evidence
):
    keys = keys_in(s3_client, bucket)
    assert len(keys) == 2
    for key in keys:
        # A plain request, as anyone on the internet could send: refused.
        response = requests.get(f"{s3_endpoint}/{bucket}/{key}", timeout=10)
        assert response.status_code == 403
        assert b"%PDF" not in response.content
        assert EVIDENCE not in response.content
        # Only the bucket's owner has any grant on the object.
        grants = s3_client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
        assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_a_letters_address_from_the_store_is_signed_and_short_lived(letter):
    address = letter.pdf.url
    assert "X-Amz-Signature=" in address
    assert "X-Amz-Expires=60" in address


# Without a bucket ------------------------------------------------------------------------


def test_without_a_bucket_files_stay_in_local_folders(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    local = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert object_storages(local) == local


def test_each_private_store_has_its_own_prefix_and_bucket(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "council-media")
    monkeypatch.setenv("AWS_PRIVATE_BUCKET_NAME", "council-private")
    monkeypatch.setenv("AWS_LOCATION", "live")
    stores = object_storages({"staticfiles": {"BACKEND": "whitenoise"}})
    assert stores["staticfiles"] == {"BACKEND": "whitenoise"}
    assert stores["default"]["OPTIONS"]["bucket_name"] == "council-media"
    assert stores["default"]["OPTIONS"]["location"] == "live/media"
    for name in ("letters", "evidence", "posters"):
        options = stores[name]["OPTIONS"]
        assert options["bucket_name"] == "council-private"
        assert options["location"] == f"live/{name}"
        assert options["default_acl"] == "private"
        assert options["querystring_auth"] is True
        assert options["file_overwrite"] is False


# Media ---------------------------------------------------------------------------------


def png_bytes():
    picture = Image.new("RGB", (40, 30), (11, 12, 13))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_and_its_rendition_are_kept_under_media_with_signed_addresses(
    bucket, s3_endpoint, s3_client
):
    data = png_bytes()
    image = CustomImage.objects.create(
        title="Civic Offices",
        alt_text="The Civic Offices",
        file=ImageFile(io.BytesIO(data), name="civic.png"),
    )
    assert (image.width, image.height) == (40, 30)
    rendition = image.get_rendition("width-20")
    assert (rendition.width, rendition.height) == (20, 15)
    keys = keys_in(s3_client, bucket)
    assert all(key.startswith("media/") for key in keys)
    assert f"media/{image.file.name}" in keys
    assert f"media/{rendition.file.name}" in keys

    # A page's image address works for a browser (it is signed); the bare key does not.
    address = rendition.url
    assert address.startswith(f"{s3_endpoint}/{bucket}/media/")
    assert "X-Amz-Signature=" in address
    shown = requests.get(address, timeout=10)
    assert shown.status_code == 200
    assert shown.content.startswith(b"\x89PNG")
    assert requests.get(address.split("?")[0], timeout=10).status_code == 403
