"""Anonymous visitors get public pages from the shared cache until something is published."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from home.cache import HEADER, HIT, MISS
from home.models import CouncilSettings
from tests.factories import UserFactory, make_policy, make_poster, paragraph, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The public page cache switched on, empty at the start and end of each test."""
    settings.PUBLIC_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def policy():
    return publish(make_policy(text="First wording."), note="First published.")


def notice(soup, response):
    """The heading and wording of a version's notice: current or replaced."""
    banner = soup(response).select_one(".govuk-notification-banner")
    return banner.get_text(" ", strip=True)


def main_text(soup, response):
    return soup(response).find("main").get_text(" ", strip=True)


def test_the_second_visit_is_served_from_the_cache_without_the_database(
    client, policy, django_assert_num_queries
):
    first = client.get(policy.url)
    assert first[HEADER] == MISS
    with django_assert_num_queries(0):
        second = client.get(policy.url)
    assert second.status_code == 200
    assert second[HEADER] == HIT
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_publishing_a_new_version_retires_the_page_its_versions_and_the_old_notice(
    client, soup, policy
):
    version_one = [f"{policy.url}versions/1/", f"/versions/{policy.pk}/1/"]
    addresses = [policy.url, f"{policy.url}versions/", *version_one]
    for address in addresses:
        client.get(address)
        assert client.get(address)[HEADER] == HIT, address
    for address in version_one:
        assert "Current version" in notice(soup, client.get(address))

    publish(policy, note="Reworded the opening.", body=[paragraph("Second wording.")])

    page = client.get(policy.url)
    assert page[HEADER] == MISS
    assert "Second wording." in main_text(soup, page)
    assert "Version 2" in main_text(soup, page)
    versions = client.get(f"{policy.url}versions/")
    assert versions[HEADER] == MISS
    assert "Reworded the opening." in main_text(soup, versions)
    for address in version_one:
        response = client.get(address)
        assert response[HEADER] == MISS, address
        text = notice(soup, response)
        assert "Not the current version" in text, address
        assert "Read the current version (version 2)" in text, address


def test_compare_pages_follow_a_renamed_page(client, soup, policy):
    publish(policy, note="Reworded.", body=[paragraph("Second wording.")])
    compare = f"{policy.url}versions/2/compare/1/"
    client.get(compare)
    assert client.get(compare)[HEADER] == HIT

    publish(policy, note="Renamed.", title="Customer behaviour policy")

    response = client.get(compare)
    assert response[HEADER] == MISS
    assert soup(response).select_one(".govuk-caption-l").get_text(strip=True) == (
        "Customer behaviour policy"
    )


def test_unpublishing_retires_the_page_and_its_versions_say_so(client, soup, policy):
    permanent = f"/versions/{policy.pk}/1/"
    for address in (policy.url, permanent):
        client.get(address)
    policy.unpublish()

    assert client.get(policy.url).status_code == 404
    response = client.get(permanent)
    assert response[HEADER] == MISS
    assert "This page is no longer published." in notice(soup, response)


def test_changing_the_councils_details_shows_on_cached_pages(client, soup, policy):
    client.get(policy.url)
    council = CouncilSettings.load()
    council.name = "Fernhollow District Council"
    council.save()

    response = client.get(policy.url)
    assert response[HEADER] == MISS
    assert "Fernhollow District Council" in soup(response).find("header").get_text()


def test_signed_in_people_neither_get_nor_fill_the_cache(client, soup, policy):
    editor = UserFactory(roles=["Comms editor"])
    client.force_login(editor)
    signed_in = client.get(policy.url)
    assert signed_in.status_code == 200
    assert HEADER not in signed_in

    client.logout()
    assert client.get(policy.url)[HEADER] == MISS
    assert client.get(policy.url)[HEADER] == HIT
    client.force_login(editor)
    assert HEADER not in client.get(policy.url)


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
)


@pytest.mark.parametrize("address", ["page", "version", "poster"])
def test_a_cached_answer_carries_the_same_security_headers_as_a_fresh_one(
    client, policy, settings, address
):
    settings.SECURE_HSTS_SECONDS = 31536000
    url = {
        "page": policy.url,
        "version": f"/versions/{policy.pk}/1/",
        "poster": make_poster_url(),
    }[address]
    fresh = client.get(url, secure=True)
    cached = client.get(url, secure=True)
    assert (fresh[HEADER], cached[HEADER]) == (MISS, HIT)
    assert fresh.status_code == cached.status_code == 200
    for name in SECURITY_HEADERS:
        assert name in fresh, name
        assert cached[name] == fresh[name], name
    assert cached.content == fresh.content


def make_poster_url():
    poster = publish(make_poster(), note="First published.")
    return poster.url


def test_a_visitor_with_a_csrf_token_is_never_answered_from_the_cache(client, policy):
    client.get(policy.url)
    assert client.get(policy.url)[HEADER] == HIT
    client.cookies["csrftoken"] = "a-token-of-their-own"
    response = client.get(policy.url)
    assert response.status_code == 200
    assert HEADER not in response


def test_a_visitor_with_a_session_cookie_is_never_answered_from_the_cache(client, policy):
    client.get(policy.url)
    client.cookies["sessionid"] = "someone-s-session"
    assert HEADER not in client.get(policy.url)


def test_static_files_are_left_to_whitenoise(client):
    for _ in range(2):
        assert HEADER not in client.get("/static/css/main.css")


def test_the_staff_area_is_never_cached(client):
    for _ in range(2):
        response = client.get("/staff/sign-in/")
        assert response.status_code == 200
        assert HEADER not in response


def test_a_head_request_is_answered_from_the_cache(client, policy):
    client.get(policy.url)
    response = client.head(policy.url)
    assert response.status_code == 200
    assert response[HEADER] == HIT
    assert response.content == b""


def test_a_post_is_never_answered_from_the_cache(client, policy):
    client.get(policy.url)
    assert client.get(policy.url)[HEADER] == HIT
    assert HEADER not in client.post(policy.url)


def test_a_post_does_not_fill_the_cache(client, policy):
    client.post(policy.url)
    assert client.get(policy.url)[HEADER] == MISS


def test_searches_and_other_query_strings_are_answered_afresh(client, policy):
    client.get(policy.url)
    assert client.get(f"{policy.url}?utm_source=newsletter")[HEADER] == HIT
    for address in (f"{policy.url}?page=2", "/search/?q=policy"):
        assert HEADER not in client.get(address), address
        assert HEADER not in client.get(address), address


def test_a_password_protected_page_is_never_stored(client, policy):
    PageViewRestriction.objects.create(
        page=policy, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    for _ in range(2):
        response = client.get(policy.url)
        assert "password" in response.content.decode().lower()
        assert response.get(HEADER) != HIT


def test_making_a_cached_page_private_retires_it(client, policy):
    client.get(policy.url)
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(policy.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_making_the_home_page_private_guards_the_pages_under_it(client, policy):
    """Pages drawn afresh trust the cached word that the site has no view restrictions
    only until a restriction is added anywhere above them."""
    assert client.get(f"{policy.url}?first=1").status_code == 200
    PageViewRestriction.objects.create(
        page=policy.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    for address in (policy.url, f"{policy.url}?second=1"):
        response = client.get(address)
        assert response.status_code == 302, address
        assert "/login/" in response["Location"]


def test_poster_pdfs_are_kept_with_their_headers(client, policy):
    poster = publish(make_poster(policy=policy), note="First poster.")
    address = f"{poster.url}versions/1/pdf/a4/"
    first = client.get(address)
    first_bytes = b"".join(first.streaming_content)
    second = client.get(address)
    assert second[HEADER] == HIT
    assert second.content == first_bytes
    assert first_bytes.startswith(b"%PDF")
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_the_cache_switched_off_stores_nothing(client, policy, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    assert HEADER not in client.get(policy.url)
    assert HEADER not in client.get(policy.url)


def test_with_a_cdn_publishing_purges_its_pages_and_permanent_addresses(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    purged = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.backends.http.urlopen",
        lambda request: purged.append((request.get_method(), request.full_url)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish(make_policy(), note="First published.")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(policy, note="Reworded.", body=[paragraph("Second wording.")])
    # However many rows a publish saves, the CDN is asked once per address.
    assert len(callbacks) == 1
    assert len(purged) == len(set(purged))

    paths = {url.removeprefix("http://127.0.0.1:6081") for method, url in purged}
    assert {method for method, url in purged} == {"PURGE"}
    assert {
        "/",
        policy.url,
        f"{policy.url}versions/",
        f"{policy.url}versions/1/",
        f"{policy.url}versions/2/",
        f"{policy.url}versions/2/compare/1/",
        f"/versions/{policy.pk}/1/",
        f"/versions/{policy.pk}/2/",
    } <= paths
    # The CDN may keep public pages for as long as this cache does.
    response = client.get(policy.url)
    assert response["Cache-Control"] == "max-age=0, s-maxage=600"


# An app server trusts the generation it read for PUBLIC_CACHE_RECHECK_MS.


@pytest.fixture
def counted_cache_reads(monkeypatch):
    """How many times the shared cache was read from now on."""
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counting(*args, _original=original, **kwargs):
            reads.append(args[0])
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, counting)
    return reads


def test_a_page_this_server_holds_is_replayed_without_asking_the_shared_cache(
    client, settings, policy, counted_cache_reads
):
    settings.PUBLIC_CACHE_RECHECK_MS = 60_000
    assert client.get(policy.url)[HEADER] == MISS
    assert client.get(policy.url)[HEADER] == HIT
    counted_cache_reads.clear()
    assert client.get(policy.url)[HEADER] == HIT
    assert counted_cache_reads == []


def test_a_publish_here_retires_the_page_at_once_and_one_elsewhere_within_the_window(
    client, settings, policy, monkeypatch
):
    from home import cache as page_cache

    settings.PUBLIC_CACHE_RECHECK_MS = 1000
    assert client.get(policy.url)[HEADER] == MISS
    assert client.get(policy.url)[HEADER] == HIT

    # Published on this server: the next visit renders afresh.
    page_cache.new_generation()
    assert client.get(policy.url)[HEADER] == MISS
    assert client.get(policy.url)[HEADER] == HIT

    # Published on another server: only the shared token changes.
    cache.set(page_cache.GENERATION_KEY, "published-elsewhere", timeout=None)
    assert client.get(policy.url)[HEADER] == HIT  # within the second
    later = page_cache.time.monotonic() + 1.5
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert client.get(policy.url)[HEADER] == MISS
