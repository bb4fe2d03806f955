"""What a letter says in Welsh and in Easy Read, where the council's own words fill a
placeholder or frame the letter (dates, the letterhead's labels, how to ask for a
reconsideration, the offer of another format). The words staff record on a warning or a
restriction are printed as recorded; in Easy Read each of their sentences gets a line.

``wording.letter_values`` calls ``values_for`` with the standard English values, and the
letter's template format and language; the layout is ``static/print/letter-formats.css``.
"""

import re

from home.dates import long_date
from reporting.customers.enums import PreferredLanguage
from reporting.restrictions.enums import Scope

from .enums import TemplateFormat

WELSH = PreferredLanguage.WELSH
EASY_READ = TemplateFormat.EASY_READ

# One idea a line: an Easy Read value keeps each sentence in a paragraph of its own.
LINE = "\n\n"

WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)

# The words around the letter: its letterhead, its details and the box at its end.
FRAME = {
    PreferredLanguage.ENGLISH: {
        "reference": "Our reference",
        "date": "Date",
        "telephone": "Telephone",
        "email": "E-mail",
        "to_come": "given when the letter is issued",
        "relies_on": "This letter relies on",
        "version": "version",
        "published": "published",
        "to_read": "To read it, scan the code or go to:",
        "newer": "We have published a newer version since,",
        "of": "of",
        "check": "To check this letter is genuine, go to:",
        "enter": "and enter our reference,",
        "and_code": "and the check code",
    },
    WELSH: {
        "reference": "Ein cyfeirnod",
        "date": "Dyddiad",
        "telephone": "Ffôn",
        "email": "E-bost",
        "to_come": "fe’i rhoddir pan anfonir y llythyr",
        "relies_on": "Mae’r llythyr hwn yn dibynnu ar",
        "version": "fersiwn",
        "published": "a gyhoeddwyd ar",
        "to_read": "I’w ddarllen, sganiwch y cod neu ewch i:",
        "newer": "Rydym wedi cyhoeddi fersiwn mwy diweddar ers hynny,",
        "of": "dyddiedig",
        "check": "I wirio bod y llythyr hwn yn ddilys, ewch i:",
        "enter": "a rhowch ein cyfeirnod,",
        "and_code": "a’r cod gwirio",
    },
}


def frame(language):
    return FRAME.get(language, FRAME[PreferredLanguage.ENGLISH])


def date_words(day, language=PreferredLanguage.ENGLISH):
    """“3 March 2026”, or in Welsh “3 Mawrth 2026”."""
    if not day:
        return ""
    if language == WELSH:
        return f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
    return long_date(day)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘'(•])")


def one_sentence_a_line(text):
    """Each sentence of ``text`` in a paragraph of its own, for Easy Read."""
    paragraphs = re.split(r"\n[ \t]*\n", (text or "").strip())
    lines = []
    for paragraph in paragraphs:
        lines.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip())
    return LINE.join(lines)


# The values each language and format words itself; the rest are as recorded.
_RECORDED = (
    "behaviour",
    "reasons",
    "arrangements",
    "essential_services",
    "change_expected",
    "consequences",
    "review_reasons",
    "changes",
    "reconsideration_reasons",
    "named_contact",
    "reconsideration_outcome",
    "next_steps",
)


def values_for(values, prepared, language, format):
    """The placeholder values of ``prepared`` in ``language`` and ``format``, from the
    standard English ``values``."""
    if language == WELSH:
        values.update(_welsh(prepared))
    if format == EASY_READ:
        if language != WELSH:
            values.update(_easy_read(prepared))
        for name in _RECORDED:
            if values.get(name):
                values[name] = one_sentence_a_line(values[name])
        for name in ("reconsideration", "ombudsman", "adjustments", "scope", "restriction_ended"):
            if values.get(name) and LINE not in values[name]:
                values[name] = one_sentence_a_line(values[name])
    return values


def _joined(names, and_word):
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {and_word} {names[-1]}"


# Welsh ------------------------------------------------------------------------------------


def _cy(day):
    return date_words(day, WELSH)


def _welsh(prepared):
    from django.utils import timezone

    council, wording = prepared.council, prepared.wording
    version = prepared.policy_version
    values = {
        "letter_date": _cy(prepared.letter_date),
        "policy_version": f"{version.title}, fersiwn {version.number}, a gyhoeddwyd ar "
        f"{_cy(timezone.localdate(version.published_at))}",
        "adjustments": _welsh_adjustments(council),
        "reconsideration": _welsh_reconsideration(wording, council, prepared.letter_date),
        "ombudsman": _welsh_ombudsman(wording),
    }
    restriction = prepared.restriction
    if restriction is not None:
        ends = restriction.ends_on
        values.update(
            scope=_welsh_scope(restriction),
            start_date=_cy(restriction.starts_on),
            end_date=f"tan {_cy(ends)}" if ends else "nes y caiff ei godi mewn adolygiad",
            review_date=_cy(restriction.review_on),
            next_review_date=_cy(restriction.review_on),
        )
        if not restriction.named_contact:
            values["named_contact"] = (
                "Nid oes un cyswllt penodol; defnyddiwch y ffyrdd a nodir yn y llythyr hwn."
            )
        if restriction.decided_at:
            values["decision_date"] = _cy(timezone.localdate(restriction.decided_at))
        review = prepared.review
        ended = restriction.ended_on
        if ended is None and review is not None:
            ended = timezone.localdate(review.reviewed_at)
        ended = ended or timezone.localdate()
        values.update(
            ended_date=_cy(ended),
            restriction_ended=(
                "Mae’r cyfyngiad ar sut rydych yn cysylltu â ni, a ddechreuodd ar "
                f"{_cy(restriction.starts_on)}, wedi dod i ben ar {_cy(ended)}. Nid yw’n "
                "berthnasol i chi mwyach."
            ),
        )
        if review is not None and review.next_review_on:
            values["next_review_date"] = _cy(review.next_review_on)
    reconsideration = prepared.reconsideration
    if reconsideration is not None:
        values["request_date"] = _cy(reconsideration.received_on)
        if reconsideration.decided_at:
            values["decision_date"] = _cy(timezone.localdate(reconsideration.decided_at))
    return values


def _welsh_scope(restriction):
    if restriction.scope == Scope.MATTER:
        covers = (
            f"Mae’n ymwneud â’ch cyswllt â ni ynghylch {restriction.scope_matter.rstrip('.')}."
        )
    elif restriction.scope == Scope.SERVICE:
        names = [area.name for area in restriction.service_areas.order_by("name")]
        joined = _joined(names, "a")
        covers = f"Mae’n ymwneud â’ch cyswllt â’r gwasanaethau hyn: {joined}."
    else:
        covers = "Mae’n ymwneud â’ch cyswllt â phob rhan o’r cyngor."
    return (
        f"{covers} Mae’n berthnasol i chi yn unig, nid i bobl eraill yn eich cartref nac i "
        "unrhyw un rydych yn gweithio gyda nhw."
    )


def _welsh_adjustments(council):
    ways = []
    if council.telephone:
        ways.append(f"ffoniwch {council.telephone}")
    if council.email:
        ways.append(f"e-bostiwch {council.email}")
    how = f" I ofyn, {' neu '.join(ways)}." if ways else " Rhowch wybod i ni os oes angen hyn."
    return (
        "Gallwn anfon y llythyr hwn mewn print bras, mewn fformat Hawdd ei Ddeall, mewn "
        "iaith arall neu mewn fformat arall, a gallwn wneud newidiadau eraill i’ch helpu i "
        f"ddelio â ni.{how} Ni fydd gofyn am hyn yn effeithio ar y ffordd rydym yn eich trin."
    )


def _welsh_period(wording):
    working = "working" in wording.period_words
    unit = "diwrnod gwaith" if working else "diwrnod"
    return f"{wording.period} {unit}"


def _welsh_reconsideration(wording, council, letter_date):
    by = wording.deadline(letter_date, nation=council.nation)
    where = f" Ysgrifennwch at {wording.contact}." if wording.contact else ""
    return (
        "Os ydych yn credu bod y penderfyniad hwn yn anghywir, gallwch ofyn i ni edrych arno "
        f"eto. Ysgrifennwch atom o fewn {_welsh_period(wording)} i ddyddiad y llythyr hwn, "
        f"hynny yw erbyn {_cy(by)}.{where} Dywedwch wrthym pam rydych yn credu y dylai’r "
        "penderfyniad newid: er enghraifft, bod ffaith y gwnaethom ddibynnu arni yn "
        "anghywir, ein bod wedi methu rhywbeth pwysig, bod gennych wybodaeth newydd, neu "
        "fod y cyfyngiad yn mynd ymhellach nag sydd angen. Ni chymerodd y person sy’n "
        "edrych arno eto unrhyw ran yn y penderfyniad, a byddwn yn ateb yn ysgrifenedig."
    )


def _welsh_ombudsman(wording):
    first = (
        "Os ydych yn dal yn anfodlon ar ôl i ni edrych ar y penderfyniad eto, gallwch ofyn "
        "i ombwdsmon ei ystyried."
    )
    ombudsmen = wording.ombudsmen_in_order()
    if not ombudsmen:
        return f"{first} Gofynnwch i ni pa un sy’n ymdrin â’ch cwyn."
    parts = [f"{first} Mae ombwdsmon yn annibynnol ac am ddim i’w ddefnyddio."]
    for ombudsman in ombudsmen:
        ways = [
            f"ewch i {ombudsman.website_words}" if ombudsman.website else "",
            f"ffoniwch {ombudsman.telephone}" if ombudsman.telephone else "",
        ]
        reach = " neu ".join(way for way in ways if way)
        # What it covers and its time limit are kept in English in the settings.
        sentence = f"{ombudsman.name} ({ombudsman.covers})"
        sentence += f": {reach}." if reach else "."
        if ombudsman.time_limit:
            sentence += f" Fel arfer, mae’n disgwyl clywed gennych {ombudsman.time_limit}."
        parts.append(sentence)
    return " ".join(parts)


# Easy Read --------------------------------------------------------------------------------


def _lines(*sentences):
    return LINE.join(sentence for sentence in sentences if sentence)


def _easy_read(prepared):
    council, wording = prepared.council, prepared.wording
    by = wording.deadline(prepared.letter_date, nation=council.nation)
    contact = wording.contact or ", ".join(council.address_lines)
    values = {
        "reconsideration": _lines(
            "Do you think our decision is wrong?",
            "You can ask us to look at it again.",
            f"Write to us by {long_date(by)}.",
            f"Write to: {contact.rstrip('.')}." if contact else "",
            "Tell us why the decision should change.",
            "Maybe a fact we used is wrong.",
            "Maybe we missed something important.",
            "Maybe you have new information.",
            "Maybe the limits go further than they need to.",
            "Someone who did not make this decision will look at it again.",
            "We will write back to you.",
        ),
        "ombudsman": _easy_read_ombudsman(wording),
        "adjustments": _lines(
            "We can send you this letter in another way.",
            "For example in large print, in Easy Read or in another language.",
            "We can make other changes to help you.",
            _easy_read_ask(council),
            "Asking will not change how we treat you.",
        ),
    }
    restriction = prepared.restriction
    if restriction is not None:
        values["scope"] = _easy_read_scope(restriction)
    return values


def _easy_read_ask(council):
    ways = []
    if council.telephone:
        ways.append(f"telephone {council.telephone}")
    if council.email:
        ways.append(f"e-mail {council.email}")
    return f"To ask, {' or '.join(ways)}." if ways else "Tell us if you need this."


def _easy_read_scope(restriction):
    if restriction.scope == Scope.MATTER:
        covers = (
            f"This is about your contact with us about {restriction.scope_matter.rstrip('.')}."
        )
    elif restriction.scope == Scope.SERVICE:
        names = [area.name for area in restriction.service_areas.order_by("name")]
        joined = _joined(names, "and")
        covers = f"This is about your contact with {joined}."
    else:
        covers = "This is about your contact with all of the council."
    return _lines(
        covers,
        "It is only about you.",
        "It is not about other people in your home.",
        "It is not about anyone you work with.",
    )


def _easy_read_ombudsman(wording):
    ombudsmen = wording.ombudsmen_in_order()
    sentences = [
        "Are you still unhappy after we look at it again?",
        "You can ask an ombudsman to look at it.",
        "An ombudsman does not work for the council.",
        "It is free.",
    ]
    if not ombudsmen:
        sentences.append("Ask us which ombudsman to go to.")
    for ombudsman in ombudsmen:
        sentences.append(f"The {ombudsman.name} looks into {ombudsman.covers.rstrip('.')}.")
        if ombudsman.website:
            sentences.append(f"Its website is {ombudsman.website_words}.")
        if ombudsman.telephone:
            sentences.append(f"Its telephone number is {ombudsman.telephone}.")
        if ombudsman.time_limit:
            sentences.append(f"Contact it {ombudsman.time_limit.rstrip('.')}.")
    return _lines(*sentences)
