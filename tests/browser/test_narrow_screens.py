"""Every public and staff page on a phone 320 pixels wide: nothing is wider than the
screen, so no one has to scroll sideways to read a line. A wide table may scroll inside
its own focusable region; nothing else may stick out."""

import pytest

from tests.browser.helpers import PUBLIC_PAGES, STAFF_PAGES, sign_in_staff

WIDTH = 320

# What sticks out past the right edge of the screen: boxes and runs of text, except those
# inside a region that scrolls sideways on its own (a wide table in its scrolling region)
# or that clips what it holds (text kept for screen readers only).
STICKING_OUT = """() => {
  const width = window.innerWidth;
  const scrollsOnItsOwn = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const describe = (el) => {
    const classes = typeof el.className === "string" && el.className
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !scrollsOnItsOwn(el)) {
      found.push(`${describe(el)} reaches ${Math.round(box.right)}px`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || scrollsOnItsOwn(node)) continue;
    if (!node.parentElement.checkVisibility()) continue;  // in a closed <details>
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) {
      const words = node.textContent.trim().slice(0, 40);
      const where = describe(node.parentElement);
      found.push(`text "${words}" in ${where} reaches ${Math.round(box.right)}px`);
    }
  }
  return {
    pageWidth: document.documentElement.scrollWidth,
    screenWidth: width,
    found: found.slice(0, 8),
  };
}"""


@pytest.fixture(scope="module")
def phone(browser):
    """One page at phone width for the whole sweep, remembering who is signed in."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 700})
    page = context.new_page()
    page.signed_in_as = None
    yield page
    context.close()


def assert_fits(page, site_url, path):
    response = page.goto(site_url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    measured = page.evaluate(STICKING_OUT)
    report = f"{path} is {measured['pageWidth']}px wide on a {WIDTH}px screen: {measured['found']}"
    assert measured["pageWidth"] <= measured["screenWidth"], report
    assert not measured["found"], report


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_fits_a_phone(phone, site_url, path):
    if phone.signed_in_as:
        phone.context.clear_cookies()
        phone.signed_in_as = None
    assert_fits(phone, site_url, path)


@pytest.mark.parametrize(("username", "path"), STAFF_PAGES)
def test_staff_page_fits_a_phone(phone, site_url, username, path):
    if phone.signed_in_as != username:
        sign_in_staff(phone, site_url, username)
        phone.signed_in_as = username
    assert_fits(phone, site_url, path)


def test_the_sweep_notices_a_page_wider_than_the_screen(phone, site_url):
    """A box wider than the phone is caught, and so is a run of text that cannot wrap."""
    phone.goto(site_url + "/privacy-notice/")
    phone.evaluate(
        """() => {
          const box = document.createElement("div");
          box.id = "too-wide";
          box.style.width = "500px";
          const words = document.createElement("p");
          words.style.whiteSpace = "nowrap";
          words.textContent = "A sentence far too long to fit on one line of a phone";
          document.querySelector("main").append(box, words);
        }"""
    )
    measured = phone.evaluate(STICKING_OUT)
    assert measured["pageWidth"] > WIDTH
    assert any(item.startswith("div#too-wide") for item in measured["found"])
    assert any(item.startswith('text "A sentence far') for item in measured["found"])


LETTER_SPILLS = """() => {
  const spilling = [];
  for (const el of document.querySelectorAll(".sc-letter, .sc-letter *")) {
    if (el.clientWidth && el.scrollWidth > el.clientWidth + 1) {
      const name = `${el.tagName.toLowerCase()}.${el.className}`;
      spilling.push(`${name}: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  return spilling;
}"""


def test_the_letter_preview_reads_on_a_phone_without_scrolling_sideways(phone, site_url):
    """The sheet of paper the manager checks before issuing: its parts stack and every
    line wraps inside it, rather than only scrolling inside its own region."""
    if phone.signed_in_as != "housing.manager":
        sign_in_staff(phone, site_url, "housing.manager")
        phone.signed_in_as = "housing.manager"
    phone.goto(f"{site_url}/staff/letters/new/restriction/R-000001/?corrects=FDC-2026-00001")
    assert phone.locator(".sc-letter").is_visible()
    assert phone.evaluate(LETTER_SPILLS) == []
