"""A stand-in for GOV.UK Notify's API on a local port, for the official client to talk to.

It checks what Notify checks before answering: the bearer token is a JWT signed (HS256)
with the API key's secret, whose ``iss`` is the service id and whose ``iat`` is within
30 seconds of now; the body is JSON of the documented shape. It answers as Notify's API
reference says: 201 with the notification's id and reference, or an error body of
``status_code`` and ``errors``. Every request is kept, decoded, for the tests to read.
"""

import base64
import binascii
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "6b2c3f1e-8d4a-4f7b-9c1d-2e5a7b9c0d1f"
SECRET = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
API_KEY = f"safecontact_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE_ID = "f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9"
POSTAGE = {"first", "second", "economy", "europe", "rest-of-world"}


@dataclass
class Received:
    """One request Notify took: where it went, its JWT claims and its JSON body."""

    path: str
    claims: dict
    body: dict
    answer: dict = field(default_factory=dict)

    def pdf(self):
        """The PDF the request carried: a precompiled letter, or the e-mail's file."""
        if "content" in self.body:
            return base64.b64decode(self.body["content"], validate=True)
        upload = self.body["personalisation"]["link_to_letter"]
        return base64.b64decode(upload["file"], validate=True)


class FakeNotify:
    """Serve on 127.0.0.1 until ``stop``; ``refuse_with`` makes the next sends fail."""

    def __init__(self):
        self.received: list[Received] = []
        self.refusals: list[tuple] = []  # requests refused: (path, status, message)
        self.refuse_with = None  # (status, error, message) to refuse every send
        self.statuses: dict[str, str] = {}  # notification id -> the status Notify reports
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def _handler(self):
        notify = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass  # quiet: the tests read ``received`` instead

            def do_POST(self):
                notify.handle(self)

            def do_GET(self):
                notify.look_up(self)

        return Handler

    # Answering ----------------------------------------------------------------------

    def answer(self, request, status, body):
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def refuse(self, request, status, error, message):
        self.refusals.append((request.path, status, message))
        body = {"status_code": status, "errors": [{"error": error, "message": message}]}
        self.answer(request, status, body)

    def handle(self, request):
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length)
        claims, problem = self.check_token(request.headers.get("Authorization", ""))
        if problem:
            return self.refuse(request, 403, "AuthError", problem)
        if request.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return self.refuse(request, 400, "BadRequestError", "Content-Type must be JSON")
        try:
            body = json.loads(raw)
        except ValueError:
            return self.refuse(request, 400, "BadRequestError", "Invalid JSON supplied")
        routes = {
            "/v2/notifications/letter": self.letter,
            "/v2/notifications/email": self.email,
        }
        route = routes.get(request.path)
        if route is None:
            return self.refuse(request, 404, "NotFound", "Not Found")
        problem = route(body)
        if problem:
            return self.refuse(request, 400, "ValidationError", problem)
        if self.refuse_with:
            return self.refuse(request, *self.refuse_with)
        received = Received(request.path, claims, body)
        received.answer = self.created(request.path, body)
        self.received.append(received)
        self.answer(request, 201, received.answer)

    def look_up(self, request):
        """GET /v2/notifications/<id>: the notification as Notify holds it, or 404."""
        claims, problem = self.check_token(request.headers.get("Authorization", ""))
        if problem:
            return self.refuse(request, 403, "AuthError", problem)
        found = re.fullmatch(r"/v2/notifications/([0-9a-f-]{36})", request.path)
        sent = [r for r in self.received if found and r.answer.get("id") == found.group(1)]
        if not sent:
            return self.refuse(request, 404, "NoResultFound", "No result found")
        notification_id = found.group(1)
        status = self.statuses.get(notification_id, "accepted")
        self.answer(
            request,
            200,
            {
                "id": notification_id,
                "reference": sent[0].body.get("reference"),
                "type": "letter" if sent[0].path.endswith("/letter") else "email",
                "status": status,
                "created_at": "2026-11-30T10:00:00.000000Z",
                "sent_at": "2026-11-30T10:01:00.000000Z",
                "completed_at": None
                if status in ("accepted", "sending")
                else "2026-11-30T16:00:00.000000Z",
            },
        )

    def check_token(self, header):
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return None, "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(token, key=SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None, "Invalid token: signature, api token not found"
        if claims.get("iss") != SERVICE_ID:
            return None, "Invalid token: service not found"
        if not isinstance(claims.get("iat"), int) or abs(time.time() - claims["iat"]) > 30:
            return None, "Error: Your system clock must be accurate to within 30 seconds"
        return claims, ""

    # The two requests SafeContact makes -------------------------------------------

    def letter(self, body):
        """A precompiled letter: a reference, the PDF in base64, and perhaps postage."""
        if set(body) - {"reference", "content", "postage"}:
            return f"Additional properties are not allowed ({sorted(body)})"
        if not isinstance(body.get("reference"), str) or not body["reference"]:
            return "reference is a required property"
        if body.get("postage", "second") not in POSTAGE:
            return "postage invalid. It must be first, second, economy, europe or rest-of-world."
        try:
            pdf = base64.b64decode(body.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            return "Cannot decode letter content (base64) for notification"
        if not pdf.startswith(b"%PDF"):
            return "Letter content is not a valid PDF"
        return ""

    def email(self, body):
        """An e-mail from a template, with the letter as a file to download."""
        if not isinstance(body.get("email_address"), str) or "@" not in body["email_address"]:
            return "email_address Not a valid email address"
        try:
            uuid.UUID(str(body.get("template_id")))
        except ValueError:
            return "template_id is not a valid UUID"
        upload = (body.get("personalisation") or {}).get("link_to_letter")
        if not isinstance(upload, dict):
            return "Missing personalisation: link_to_letter"
        if not isinstance(upload.get("confirm_email_before_download"), bool):
            return "Unsupported value for confirm_email_before_download"
        retention = upload.get("retention_period")
        if not re.fullmatch(r"\d{1,2} weeks?", str(retention)) or not (
            1 <= int(str(retention).split()[0]) <= 78
        ):
            return "Unsupported value for retention_period"
        try:
            pdf = base64.b64decode(upload.get("file", ""), validate=True)
        except (binascii.Error, ValueError):
            return "File did not pass the virus scan"
        if not pdf.startswith(b"%PDF"):
            return "Unsupported file type"
        return ""

    def created(self, path, body):
        notification_id = str(uuid.uuid4())
        if path.endswith("/letter"):
            return {
                "id": notification_id,
                "reference": body["reference"],
                "postage": body.get("postage", "second"),
            }
        return {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": {
                "subject": f"Letter {body['personalisation'].get('letter_reference', '')}",
                "body": "Your letter is ready to download.",
                "from_email": "council@notifications.service.gov.uk",
                "one_click_unsubscribe_url": None,
            },
            "uri": f"{self.url}/v2/notifications/{notification_id}",
            "template": {
                "id": body["template_id"],
                "version": 1,
                "uri": f"{self.url}/v2/template/{body['template_id']}",
            },
            "scheduled_for": None,
        }
