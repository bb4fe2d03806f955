"""Random answers for the staff forms, shared by the property tests (tests/fuzz) and
the served fuzzer (tests/fuzz/served.py).

The fields come from the form page itself: ``form_fields`` reads the names, and the
choices offered, from the page's HTML. ``fuzz_data`` then fills them from a ``random.Random``,
mixing the choices offered with nonsense, so that checks beyond the first ones are
reached too. Hypothesis hands the tests a ``Random`` of its own (``st.randoms``), so the
same code runs under Hypothesis, which can shrink a failure, and under plain ``random``.
"""

import datetime
import string

from bs4 import BeautifulSoup

# Answers that have broken forms elsewhere: numbers too big for any column, dates no
# calendar has, digits that are not ASCII, text too long, control characters, markup.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "31",
    "13",
    "2024",
    "9999",
    "10000",
    "-2024",
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 40,
    "1e308",
    "NaN",
    "inf",
    "0x10",
    "１２",
    "٣",
    "²",
    "2024-02-30",
    "9999-12-31",
    "0000-00-00",
    "31/12/99999",
    "25:99",
    "on",
    "true",
    "yes",
    "none",
    "null",
    "[]",
    "{}",
    "C-000001",
    "C-999999999999",
    "C-99999999999999999999",
    "L-2024-00001",
    "AB1 2CD",
    "x" * 5001,
    "y" * 301,
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600" * 50,
    "Zoë O’Brien-Łukasz",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s %d {0} {{ x }}",
    "../../etc/passwd",
]
ALPHABET = string.printable + "éßøçıİ€–“”…\u00a0\u200b\u0301日本語\U0001f4a9"
# Names the tests never fill: the CSRF token is the client's business.
SKIPPED = {"csrfmiddlewaretoken"}


def form_fields(html, *, action_path):
    """{name: [values the page offers]} for the post forms on the page that post to
    ``action_path`` (or to the page itself). Text boxes offer their current value, if
    any; buttons, radios, checkboxes and selects offer theirs."""
    page = BeautifulSoup(html, "html.parser")
    fields = {}
    for form in page.find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or action_path
        if action.split("?")[0] != action_path:
            continue
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name in SKIPPED:
                continue
            offered = fields.setdefault(name, [])
            if element.name == "select":
                offered.extend(option.get("value", option.text) for option in element("option"))
            elif element.name == "textarea":
                offered.append(element.text.strip())
            elif element.get("value") is not None:
                offered.append(element["value"])
    return fields


def random_text(rng, *, max_size=300):
    size = rng.choice([0, 1, 2, 5, 20, 80, max_size])
    return "".join(rng.choice(ALPHABET) for _ in range(size))


# Answers a form could accept, for the fields that offer none of their own, so that
# some posts get past the first checks.
PLAUSIBLE = [
    "On 3 March 2025 the person shouted at staff at the Civic Offices.",
    "The person told us on the telephone.",
    "Same person: same date of birth and address.",
    "Speak to staff calmly.",
    "1",
    "3",
    "12",
    "2025",
    "10:30",
    "C-000001",
    "C-000002",
    "AB1 2CD",
    "alex@example.org",
]


def plausible(name):
    """Sensible answers for a field that offers none: the day, month and year boxes of a
    date (named ``…_0``, ``…_1``, ``…_2``) get parts of recent dates."""
    year = datetime.date.today().year
    return {
        "_0": ["1", "3", "12", "28"],
        "_1": ["1", "3", "11"],
        "_2": [str(year - 1), str(year), str(year + 1)],
    }.get(name[-2:], PLAUSIBLE)


def one_value(rng, offered, wild=0.5, *, name=""):
    """One answer: what the form offers (or a plausible one) unless ``wild``, the chance
    of nonsense, says otherwise."""
    offered = [value for value in offered if value and value.strip()]
    if rng.random() >= wild:
        return rng.choice(offered or plausible(name))
    if rng.random() < 0.7:
        return rng.choice(NASTY)
    return random_text(rng)


def fuzz_data(rng, fields, *, extra_names=()):
    """A post for a form with ``fields`` ({name: offered values}). Each post is mostly
    sensible, half and half, or mostly nonsense, so that the checks past the first ones
    and the saving itself are reached too: a field may be left out, carry several values,
    or be joined by a name the form does not know. Values are strings or lists."""
    wild = rng.choice([0.03, 0.25, 0.7])
    data = {}
    for name in [*fields, *extra_names]:
        if rng.random() < wild / 4:
            continue
        offered = fields.get(name, [])
        if rng.random() < wild / 4:
            data[name] = [
                one_value(rng, offered, wild, name=name) for _ in range(rng.randint(2, 4))
            ]
        else:
            data[name] = one_value(rng, offered, wild, name=name)
    if rng.random() < wild / 4:
        data[random_text(rng, max_size=20) or "extra"] = random_text(rng)
    return data
