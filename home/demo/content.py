"""The demo text for Fernhollow District Council, a council that does not exist.

StreamField values are lists of ``{"type": ..., "value": ...}`` dicts matching
``policy_pages.blocks.PolicyStreamBlock``. Every word here is written for this project;
nothing is copied from a real council's documents.
"""

# --- Helpers that build raw StreamField blocks -----------------------------------------


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def bullets(*items):
    """Rich text for a bulleted list."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# --- The council ----------------------------------------------------------------------

COUNCIL = {
    "name": "Fernhollow District Council",
    "tagline": "Working for the towns and villages of the Fern valley",
    "address": "Civic Offices\nMill Lane\nFernhollow\nFH1 4QT",
    "telephone": "01632 960418",
    "email": "customer.services@fernhollow.example",
    "feedback_url": "https://fernhollow.example/feedback",
    "letterhead_details": (
        "Civic Offices, Mill Lane, Fernhollow FH1 4QT\n"
        "Telephone 01632 960418\n"
        "customer.services@fernhollow.example"
    ),
}

# --- Demo accounts --------------------------------------------------------------------

# One account per role. Later work adds a role by adding an entry here; an account is only
# created when its group exists.
DEMO_USERS = {
    "Comms editor": "comms.editor",
    "Policy approver": "policy.approver",
    "Staff": "frontline",
    "Manager": "housing.manager",
    "Decision maker": "decision.maker",
    "Health and safety": "safety.officer",
    "Information governance": "records.officer",
}

SUPERUSER = "admin"

# How customers ask for a reconsideration: letters and the policy both print this.
RECONSIDERATION = {
    "period": 20,
    "period_unit": "working",
    "contact": "Customer Relations, Civic Offices, Mill Lane, Fernhollow FH1 4QT, or e-mail "
    "customer.relations@fernhollow.example",
    "decision_maker_roles": "Head of Legal Services\nChief Strategy Officer\n"
    "Independent determination panel",
}

# First and last names for the accounts; a username missing here is named after itself.
DEMO_NAMES = {
    "admin": ("Morgan", "Ellery"),
    "comms.editor": ("Priya", "Lindqvist"),
    "policy.approver": ("Tomasz", "Adebayo"),
    "frontline": ("Jess", "Okonkwo"),
    "housing.manager": ("Alex", "Brennan"),
    "waste.manager": ("Rhiannon", "Pike"),
    "decision.maker": ("Harriet", "Osei"),
    "panel.chair": ("Nadia", "Farrow"),
    "safety.officer": ("Dev", "Kaur"),
    "records.officer": ("Lena", "Marsh"),
}

# --- The home page --------------------------------------------------------------------

HOME = {
    "summary": (
        "How we treat you when you get in touch, what we ask of you in return, and what "
        "we do when someone's behaviour puts our staff or services at risk."
    ),
    "body": (
        "<p>Every week our officers answer thousands of calls, letters, e-mails and "
        "visits from the people of the district. We want each of those conversations to "
        "be helpful, honest and safe for everyone taking part in it.</p>"
        "<p>On this site you can read:</p>"
        + bullets(
            "our commitment to customers, which says what you can expect from us and how "
            "you can help us to help you",
            "our policy on unacceptable behaviour, which explains when and how we may "
            "limit the way someone contacts us",
        )
        + "<p>We keep every version of the policy we have published, each at its own "
        "permanent address. If we have written to you about it, you can read the exact "
        "wording that was in force on the day of our letter.</p>"
    ),
}

# --- Our commitment to customers ------------------------------------------------------

COMMITMENT = {
    "slug": "our-commitment",
    "title": "Our commitment to customers",
    "summary": (
        "What you can expect when you contact Fernhollow District Council, and the few "
        "things we ask of you so that we can help you well."
    ),
    "change_note": "First published.",
    "what_to_expect": [
        paragraph(
            "<p>Whoever you are and however you contact us, our staff will do their best "
            "to sort out your question or problem. In particular, we promise to be:</p>"
        ),
        heading("Fair", "h3"),
        paragraph(
            "<p>We will treat everyone equally and judge each request on its own facts. "
            "We will not let who you are, or whether you have complained before, change "
            "the answer you get.</p>"
        ),
        heading("Respectful", "h3"),
        paragraph(
            "<p>We will be polite, listen to what you say and tell you who you are "
            "speaking to. If we make a mistake, we will say so and put it right where "
            "we can.</p>"
        ),
        heading("Accessible", "h3"),
        paragraph(
            "<p>You can reach us online, by phone, by post or in person at the Civic "
            "Offices. If you need information in another format or language, or help to "
            "use our services because of a disability, tell us and we will make "
            "arrangements that suit you.</p>"
        ),
        heading("Clear", "h3"),
        paragraph(
            "<p>We will use plain words, explain our decisions and the reasons for them, "
            "and tell you how long things should take. If something is going to take "
            "longer, we will let you know before the date has passed.</p>"
        ),
        heading("Careful with your information", "h3"),
        paragraph(
            "<p>We will only ask for the details we need, keep them secure and use them "
            "only for the reason we collected them, as our "
            '<a href="/privacy-notice/">privacy notice</a> explains.</p>'
        ),
        heading("Alert to your safety", "h3"),
        paragraph(
            "<p>If anything you tell us makes us worried that you or someone else is at "
            "risk of harm, we will act on it, even if that is not why you got in "
            "touch.</p>"
        ),
    ],
    "how_you_can_help": [
        paragraph(
            "<p>Most people already do these things without being asked. They make a "
            "real difference to how quickly we can help you and everyone else:</p>"
            + bullets(
                "be courteous to our staff, even when you are unhappy with a decision: "
                "they want to help you",
                "use our website and online forms when you can, which frees our phone "
                "lines for people who have no other way to reach us",
                "have your reference number, account number or other details ready when "
                "you call or visit",
                "give us a reasonable amount of time to look into things before you chase us",
                "write to one officer about one matter, rather than copying the same "
                "message to several people or teams",
                "tell us when your circumstances change, such as a new address, phone "
                "number or household",
            )
        ),
        {
            "type": "inset_text",
            "value": {
                "text": "<p>A very small number of people behave in ways that are not "
                "acceptable. Our "
                '<a href="/unacceptable-behaviour-policy/">policy on unacceptable '
                "behaviour</a> explains what we do when that happens.</p>"
            },
        },
    ],
    "feedback": [
        paragraph(
            "<p>We want to hear when we get things right and when we get them wrong. "
            "Your comments help us to improve, and making a complaint will never count "
            "against you.</p>"
            "<p>You can give us a compliment, a comment or a complaint online, by phone, "
            "or by writing to Customer Feedback, Civic Offices, Mill Lane, Fernhollow "
            "FH1 4QT.</p>"
        ),
        {
            "type": "contact",
            "value": {
                "organisation": "Fernhollow District Council customer feedback",
                "purpose": "<p>Open Monday to Friday, 9am to 5pm. We acknowledge every "
                "complaint within 5 working days.</p>",
                "website": COUNCIL["feedback_url"],
                "telephone": "01632 960427",
            },
        },
    ],
}

# --- The policy -----------------------------------------------------------------------

PROTECTED_CHARACTERISTICS = bullets(
    "race",
    "religion or belief",
    "disability",
    "sex",
    "sexual orientation",
    "gender reassignment",
    "age",
    "pregnancy and maternity",
    "marriage and civil partnership",
)

POLICY_BODY_VERSION_1 = [
    heading("Why we have this policy"),
    paragraph(
        "<p>Nearly everyone who contacts Fernhollow District Council is patient and "
        "polite, even when they are worried, or cross with us. A few people behave in "
        "ways that frighten our staff, stop us from helping other residents, or take up "
        "time far beyond what their matter needs.</p>"
        "<p>This policy sets out what we count as unacceptable, what we may do about it, "
        "and how we keep our response fair. It also helps us meet our legal duty to keep "
        "our staff safe at work.</p>"
    ),
    heading("Who this policy covers"),
    paragraph(
        "<p>It applies to anyone who contacts us or uses our services, however they get "
        "in touch. It protects everyone who works for us or with us: employees, agency "
        "workers, contractors, volunteers and councillors.</p>"
    ),
    heading("What we mean by unacceptable behaviour"),
    paragraph("<p>We group unacceptable behaviour into two kinds. Some behaviour is both.</p>"),
    {
        "type": "behaviour_kind",
        "value": {
            "title": "Threatening, abusive or discriminatory behaviour",
            "definition": "<p>Anything said, written or done, in person or from a "
            "distance, that is meant to frighten, hurt, bully or humiliate someone, or "
            "is likely to.</p>",
            "examples": [
                "Violence, or threats of violence, towards people or property",
                "Shouting or swearing at staff, or trying to intimidate them",
                "Insults or remarks aimed at someone's race, religion, disability, sex, "
                "sexuality, age or other protected characteristic",
                "Making accusations about staff that you know are untrue",
                "Posting offensive or threatening comments about named staff online",
                "Getting in touch with staff through their personal phone, e-mail or "
                "online accounts",
                "Filming or recording staff without their agreement or a lawful reason",
            ],
        },
    },
    {
        "type": "behaviour_kind",
        "value": {
            "title": "Unreasonably persistent or demanding contact",
            "definition": "<p>Contact that makes it hard for us to deal with your matter "
            "or anyone else's. We look at how often it comes, whether the same point "
            "keeps coming back after we have answered it, how long it has lasted, and "
            "what it says.</p>",
            "examples": [
                "Calling, e-mailing or visiting many times a day about something we have "
                "already answered or given you a date for",
                "Sending the same complaint to several officers or services at once",
                "Refusing to deal with anyone except one particular member of staff",
                "Expecting replies sooner than we could reasonably give them",
                "Asking us to reopen a closed matter without offering anything new",
                "Changing what a complaint is about while we are looking into it",
                "Not accepting that something is outside the council's control",
            ],
        },
    },
    heading("What we do not treat as unacceptable"),
    paragraph(
        "<p>Being persistent is not, on its own, unacceptable. You have every right to "
        "keep pressing a concern until it has been properly answered, and to be angry "
        "when something has gone wrong.</p>"
        "<p>Illness, grief, money worries and stress can affect how anyone behaves, and "
        "we bear that in mind. If a disability or health condition affects how you "
        "communicate with us, tell us and we will consider changes that would help, such "
        "as a named contact or more time. We judge every case on its own facts.</p>"
    ),
    heading("What our staff may do straight away"),
    paragraph(
        "<p>Our staff will usually first ask you to calm down or to change the way you "
        "are speaking. If that does not work, they may:</p>"
        + bullets(
            "end a phone call, after saying that they are about to",
            "put a call on hold to give everyone a moment",
            "leave a meeting or interview room",
            "ask you to leave one of our buildings",
            "decide not to answer an abusive e-mail or letter, although we still read it "
            "in case it tells us something new that we need to act on",
        )
    ),
    {
        "type": "warning_text",
        "value": {
            "text": "If anyone is violent towards our staff or other customers, or "
            "threatens violence, we will call the police and we may take legal action."
        },
    },
    heading("The steps we may take"),
    paragraph(
        "<p>If the behaviour carries on, or is serious, we follow these steps, going "
        "only as far as we need to.</p>"
    ),
    {
        "type": "steps",
        "value": {
            "steps": [
                {
                    "heading": "We ask you to stop",
                    "text": "<p>We explain the problem and give you the chance to put "
                    "it right. For most people, this is where it ends.</p>",
                },
                {
                    "heading": "We record what happened",
                    "text": "<p>The member of staff writes down what happened, when, "
                    "where and who saw it. If anyone was hurt or threatened, we act on "
                    "that at once.</p>",
                },
                {
                    "heading": "We look after our staff",
                    "text": "<p>Their manager talks with them in private and arranges "
                    "any support they need.</p>",
                },
                {
                    "heading": "We warn you in writing",
                    "text": "<p>We tell you which behaviour is unacceptable and what we may "
                    "do if it continues. After a single very serious act, such as "
                    "violence or a physical threat, we may skip this step.</p>",
                },
                {
                    "heading": "We restrict how you can contact us",
                    "text": "<p>A manager may propose a restriction. A senior officer who "
                    "had no part in the incident decides whether to approve it.</p>",
                },
                {
                    "heading": "We tell you in writing",
                    "text": "<p>Our letter says what the restriction is and why, how long "
                    "it lasts, when we will review it and how to ask us to think "
                    "again.</p>",
                },
                {
                    "heading": "We review it every three months",
                    "text": "<p>We decide whether to keep the restriction, change it or "
                    "end it, and we write to you each time.</p>",
                },
            ]
        },
    },
    heading("The restrictions we may use"),
    paragraph(
        "<p>Any restriction will match how serious the behaviour was, will last for a set "
        "time, and will still let you use the services you are entitled to. Depending on "
        "what happened, we may:</p>"
        + bullets(
            "ask you to contact us only in writing, only by e-mail, or only by post",
            "accept phone calls only on certain days and at certain times, or limit how "
            "long calls and meetings last",
            "give you one named officer or team to deal with, and pass all your messages to them",
            "send one reply covering several of your messages",
            "read and file, without replying, letters about a matter we have already "
            "closed, unless they raise something new",
            "meet you only with a second member of staff present, or not meet you in "
            "person at all",
            "limit which of our buildings you may visit, or when",
            "deal with you only through someone acting on your behalf",
            "ask you to put in writing what you want to say at a public meeting, instead "
            "of speaking",
            "in the most serious cases, go to court, for example for an injunction",
        )
        + "<p>A restriction may cover one issue, one service or all your contact with "
        "the council. It applies to you alone, not to other people at your address or in "
        "your business, unless there is a clear reason to include them.</p>"
    ),
    heading("Who decides"),
    {
        "type": "summary_list",
        "value": {
            "rows": [
                {
                    "key": "Dealing with behaviour on the spot",
                    "value": "<p>The member of staff involved</p>",
                },
                {
                    "key": "Giving a written warning",
                    "value": "<p>The manager of the service concerned</p>",
                },
                {
                    "key": "Proposing a restriction",
                    "value": "<p>The manager of the service concerned</p>",
                },
                {
                    "key": "Approving a restriction",
                    "value": "<p>The Head of Legal and Democratic Services together "
                    "with the Director of Strategy, neither of whom was involved in the "
                    "incident</p>",
                },
                {
                    "key": "Reviewing a restriction",
                    "value": "<p>The same decision makers, every three months</p>",
                },
                {
                    "key": "Reconsidering a decision",
                    "value": "<p>A senior officer who took no part in the original decision</p>",
                },
            ]
        },
    },
    heading("How we review restrictions"),
    paragraph(
        "<p>We review every restriction at least once every three months, looking at how "
        "you have contacted us since it began. We lift it as soon as it is no longer "
        "needed, and never extend it without telling you why.</p>"
    ),
    heading("Equality and fairness"),
    paragraph(
        "<p>We follow the Equality Act 2010. Before we restrict anyone's contact with us, "
        "we ask whether the restriction would affect them more than other people because "
        "of a protected characteristic. If it would, we make different arrangements.</p>"
        "<p>Our decisions also respect the Human Rights Act 1998 and our duties to our "
        "staff under the Health and Safety at Work etc. Act 1974.</p>"
    ),
    {
        "type": "details",
        "value": {
            "summary": "The nine protected characteristics",
            "text": "<p>The Equality Act 2010 protects people from discrimination "
            "because of their:</p>" + PROTECTED_CHARACTERISTICS,
        },
    },
    heading("Hate incidents and hate crime"),
    paragraph(
        "<p>Abuse aimed at someone because of their disability, race, religion or belief, "
        "sexual orientation or transgender identity may be a hate incident, and it may "
        "also be a crime. We record it as a hate incident, support the member of staff "
        "affected, and help them to report it to the police if they choose to.</p>"
    ),
    heading("Keeping people safe"),
    paragraph(
        "<p>If someone tells us they mean to harm themselves or another person, or we are "
        "worried about the safety of a child or an adult at risk, we act straight away. "
        "That may mean calling the emergency services or making a safeguarding "
        "referral.</p>"
    ),
    heading("Asking us to reconsider, and the ombudsman"),
    {
        "type": "reconsideration",
        "value": {
            "introduction": "<p>If you think we have got a decision wrong, you can ask us "
            "to look at it again.</p>"
        },
    },
    heading("How we keep records"),
    paragraph(
        "<p>We record incidents, warnings and restrictions, and note any restriction "
        "against your name so that staff who deal with you know about it. Only people who "
        "need these records can see them. We keep them secure and delete them when our "
        "retention schedule says we should.</p>"
        "<p>We handle it in line with UK GDPR and the Data Protection Act 2018. You can "
        "ask for a copy of what we hold about you: our "
        '<a href="/privacy-notice/">privacy notice</a> explains how.</p>'
    ),
]

# Version 2 adds this section, just before "Who decides".
SOCIAL_MEDIA_HEADING = "Contact through social media"
SOCIAL_MEDIA_SECTION = [
    heading(SOCIAL_MEDIA_HEADING),
    paragraph(
        "<p>Many residents now reach us through the council's social media accounts, and "
        "the standards in this policy apply there as well. We may hide or remove posts "
        "that abuse or threaten staff, publish someone's personal details, or repeat "
        "claims we have shown to be false. If an account keeps doing so, we may block "
        "it.</p>"
        "<p>Blocking an account never stops you using our services. When we block one, "
        "we will tell you which other ways of contacting us you can still use.</p>"
    ),
]

POLICY_BODY_VERSION_2_AFTER = "The restrictions we may use"


def policy_body_version_2():
    """Version 1's body with the social media section added after the restrictions."""
    body = list(POLICY_BODY_VERSION_1)
    anchor = next(
        i for i, block in enumerate(body) if block == heading(POLICY_BODY_VERSION_2_AFTER)
    )
    # The restrictions section is its heading and the paragraph that follows it.
    return body[: anchor + 2] + SOCIAL_MEDIA_SECTION + body[anchor + 2 :]


POLICY = {
    "slug": "unacceptable-behaviour-policy",
    "title": "Unacceptable behaviour and restricting contact",
    "summary": (
        "What we count as unacceptable behaviour towards our staff, what we may do about "
        "it, and how you can ask us to think again."
    ),
    "versions": [
        {"body": POLICY_BODY_VERSION_1, "change_note": "First published."},
        {
            "body": policy_body_version_2(),
            "change_note": "Added a section on contact through social media.",
        },
    ],
}

# --- Plain pages ----------------------------------------------------------------------

ACCESSIBILITY = {
    "slug": "accessibility-statement",
    "title": "Accessibility statement",
    "summary": "How accessible this website is, and how to tell us about a problem.",
    "body": [
        paragraph(
            "<p>Fernhollow District Council runs this website. We want as many people as "
            "possible to be able to use it. You should be able to:</p>"
            + bullets(
                "zoom in up to 400% without text spilling off the screen",
                "move around the whole site using only a keyboard",
                "use the site with a screen reader or speech recognition software",
                "read every page in a plain layout that works without JavaScript",
            )
        ),
        heading("How accessible this website is"),
        paragraph(
            "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) version "
            "2.2 at level AA. We check each page with automated tools and by hand as we "
            "build it. Some older documents in PDF form may not work well with assistive "
            "technology; if you need one in another format, ask us.</p>"
        ),
        heading("Tell us about a problem"),
        paragraph(
            "<p>If you cannot use any part of this site, or you need information in a "
            "different format such as large print, easy read or audio, e-mail "
            "customer.services@fernhollow.example or call 01632 960418. We will reply "
            "within 10 working days.</p>"
        ),
        heading("If you are not happy with our reply"),
        paragraph(
            "<p>The Equality and Human Rights Commission enforces the accessibility "
            "regulations for public sector websites. If you are not happy with how we "
            "respond to your request, contact the Equality Advisory and Support Service "
            "(EASS).</p>"
        ),
    ],
}

PRIVACY = {
    "slug": "privacy-notice",
    "title": "Privacy notice",
    "summary": "What we do with your personal information when you contact us.",
    "body": [
        paragraph(
            "<p>Fernhollow District Council is the data controller for the personal "
            "information described here. This notice explains what we collect when you "
            "contact us, why we need it and what rights you have over it.</p>"
        ),
        heading("What we collect"),
        paragraph(
            "<p>When you get in touch, we keep a record of who you are, how to reach you "
            "and what you asked us about. If our staff report an incident involving you, "
            "or we restrict how you can contact us, we keep a record of what happened, "
            "the decisions we made and the letters we sent.</p>"
            "<p>This website uses only the cookies it needs to work. It does not track "
            "you.</p>"
        ),
        heading("Why we use it"),
        paragraph(
            "<p>We use your information to provide our services, to keep our staff safe "
            "at work and to meet our legal duties. We rely on the tasks we carry out in "
            "the public interest and on our obligations as an employer, under UK GDPR "
            "and the Data Protection Act 2018.</p>"
        ),
        heading("How long we keep it"),
        {
            "type": "retention_schedule",
            "value": {
                "introduction": "<p>We keep each record only as long as our retention "
                "schedule allows, and then delete it securely, with any files attached. "
                "If the law requires us to keep a record longer, for example during legal "
                "proceedings, we keep it until they end.</p>"
            },
        },
        heading("Your rights"),
        paragraph(
            "<p>You can ask for a copy of the information we hold about you, ask us to "
            "correct it, or object to how we use it. Write to our data protection "
            "officer at dpo@fernhollow.example or at the Civic Offices, Mill Lane, "
            "Fernhollow FH1 4QT.</p>"
        ),
        {
            "type": "contact",
            "value": {
                "organisation": "Information Commissioner's Office",
                "purpose": "<p>If you are unhappy with how we have handled your "
                "information, you can complain to the regulator.</p>",
                "website": "https://ico.org.uk",
                "telephone": "0303 123 1113",
            },
        },
    ],
}


# --- Posters ---------------------------------------------------------------------------

POSTER_INDEX = {
    "slug": "posters",
    "title": "Posters for our buildings",
    "summary": (
        "The posters on the walls of our receptions, libraries and service centres. "
        "Staff can print any of them on A4 or A3."
    ),
}


def behaviours(*items):
    return [{"type": "behaviour", "value": item} for item in items]


POSTERS = [
    {
        "slug": "treat-our-staff-with-respect",
        "title": "Treat our staff with respect",
        "theme": "brand",
        "versions": [
            {
                "change_note": "First printed.",
                "headline": "Our staff are here to help you",
                "behaviours": behaviours(
                    "Shouting, swearing or name-calling",
                    "Threats or violence",
                    "Insults about who someone is",
                ),
                "consequences": (
                    "If this happens we may end the conversation, ask you to leave "
                    "and limit how you can contact us."
                ),
            },
            {
                "change_note": "Made the headline shorter and added filming staff.",
                "headline": "Treat our staff with respect",
                "behaviours": behaviours(
                    "Shouting, swearing or name-calling",
                    "Threats or violence",
                    "Insults about who someone is",
                    "Filming staff without asking",
                ),
                "consequences": (
                    "If this happens we may end the conversation, ask you to leave "
                    "and limit how you can contact us."
                ),
            },
        ],
    },
    {
        "slug": "no-violence",
        "title": "No violence or threats",
        "theme": "yellow",
        "versions": [
            {
                "change_note": "First printed.",
                "headline": "Violence and threats will be reported",
                "behaviours": behaviours(
                    "Hitting, pushing or spitting",
                    "Throwing or damaging things",
                    "Threatening to hurt anyone",
                ),
                "consequences": (
                    "We will call the police, and we may stop you coming into our buildings."
                ),
            }
        ],
    },
    {
        "slug": "respect-online",
        "title": "Be respectful online too",
        "theme": "red",
        "versions": [
            {
                "change_note": "First printed.",
                "headline": "Be respectful online too",
                "behaviours": behaviours(
                    "Abusive posts about our staff",
                    "Messages to staff's own accounts",
                    "Sharing staff's personal details",
                ),
                "consequences": (
                    "We may block you from our social media pages and report what you post."
                ),
            }
        ],
    },
]
