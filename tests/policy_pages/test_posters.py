"""Posters print as tagged A4 and A3 PDFs, made once per version, with a working QR code."""

import hashlib
import subprocess

import pytest
import zxingcpp
from PIL import Image

from home.models import CouncilSettings
from policy_pages import posters
from policy_pages.models import PosterPdf, PublishedVersion
from tests.factories import make_policy, make_poster, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return publish(make_policy(), note="First published.")


@pytest.fixture
def poster(policy):
    return publish(make_poster(policy=policy), note="First printed.")


def pdf_url(poster, number=1, paper="a4"):
    return f"{poster.url}versions/{number}/pdf/{paper}/"


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def pdf_text(data, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    return " ".join(text.decode().split()), info.decode()


def test_a4_pdf_holds_the_headline_and_is_tagged(client, poster, tmp_path):
    data = download(client, pdf_url(poster))
    assert data.startswith(b"%PDF")
    text, info = pdf_text(data, tmp_path)
    assert "Be kind to our staff" in text
    assert "Shouting or swearing" in text
    assert "Tagged:          yes" in info
    assert "(A4)" in info


def test_a3_pdf_is_a3(client, poster, tmp_path):
    _, info = pdf_text(download(client, pdf_url(poster, paper="a3")), tmp_path)
    assert "(A3)" in info


def test_each_version_is_rendered_once_and_reused(client, poster, monkeypatch):
    calls = []
    real_render = posters.render_poster_pdf

    def counting_render(version, paper):
        calls.append((version.number, paper))
        return real_render(version, paper)

    monkeypatch.setattr(posters, "render_poster_pdf", counting_render)
    first = download(client, pdf_url(poster))
    second = download(client, pdf_url(poster))
    assert calls == [(1, "a4")]
    assert first == second
    record = PosterPdf.objects.get()
    assert record.paper == "a4"
    assert record.sha256 == hashlib.sha256(first).hexdigest()


def test_the_qr_code_leads_to_the_policys_permanent_address(client, poster, policy, tmp_path):
    data = download(client, pdf_url(poster))
    (tmp_path / "poster.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "poster.pdf", "poster"],
        cwd=tmp_path,
        check=True,
    )
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "poster.png"))
    assert [code.text for code in codes] == [f"https://council.example/versions/{policy.pk}/"]
    # That address always leads to the policy as it stands.
    response = client.get(f"/versions/{policy.pk}/")
    assert response.status_code == 302
    assert response["Location"] == policy.url


def test_an_old_version_keeps_its_own_words(client, poster, tmp_path):
    publish(poster, note="New headline.", headline="Respect our staff")
    old_text, _ = pdf_text(download(client, pdf_url(poster, 1)), tmp_path)
    new_text, _ = pdf_text(download(client, pdf_url(poster, 2)), tmp_path)
    assert "Be kind to our staff" in old_text
    assert "Respect our staff" in new_text
    assert "Respect our staff" not in old_text


def test_unknown_papers_and_versions_answer_404(client, poster):
    assert client.get(pdf_url(poster, paper="a5")).status_code == 404
    assert client.get(pdf_url(poster, number=7)).status_code == 404
    assert PosterPdf.objects.count() == 0


def test_a_poster_without_a_chosen_policy_points_at_the_cited_one(policy):
    council = CouncilSettings.load()
    council.cited_policy_page = policy
    council.save()
    poster = publish(make_poster(slug="default-policy"), note="First printed.")
    version = PublishedVersion.objects.get(page_id=poster.pk)
    assert f"https://council.example/versions/{policy.pk}/" in version.content_html


def test_poster_page_offers_both_sizes_and_a_preview(client, soup, poster):
    html = soup(client.get(poster.url))
    links = [a["href"] for a in html.select("a[download]")]
    assert links == [pdf_url(poster, paper="a4"), pdf_url(poster, paper="a3")]
    preview = html.select_one(".sc-poster-preview .sc-poster")
    assert "Be kind to our staff" in preview.get_text()


def test_poster_index_lists_live_posters(client, soup, poster):
    publish(make_poster(headline="Draft only", slug="draft-only"), note="x")
    hidden = make_poster(headline="Never published", slug="never")
    html = soup(client.get(poster.get_parent().url))
    titles = [a.get_text(strip=True) for a in html.select(".sc-card a")]
    assert "Be kind to our staff" in titles
    assert hidden.title not in titles


def test_permanent_current_address_of_an_unknown_page_is_404(client):
    assert client.get("/versions/987654/").status_code == 404
