"""A real OOAPI v5 endpoint on a free port of this machine, for the tests and bench/ooapi.py.

Its documents are built from the examples in ooapi.json's schemas, with a test's own values
laid over them, and every page it serves is validated against the contract (jsonschema) before
it goes out: a test that needs a document breaking the contract says so (`breaks_contract`),
and then the validator must find the break.
"""

import copy
import datetime
import functools
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC_PATH = Path(__file__).parent / "ooapi" / "ooapi.json"
PAGE_SIZES = (10, 20, 50, 100, 250)  # the pageSize parameter's enum


@functools.cache
def spec():
    return json.loads(SPEC_PATH.read_text())


@functools.cache
def validator(pointer):
    registry = Registry().with_resource("urn:ooapi", Resource(spec(), specification=DRAFT7))
    schema = {"$ref": f"urn:ooapi#{pointer}"}
    return Draft7Validator(schema, registry=registry, format_checker=FormatChecker())


def response_schema(path_template):
    escaped = path_template.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/get/responses/200/content/application~1json/schema"


def contract_errors(path_template, document):
    """What in document breaks the 200 answer of path_template in ooapi.json."""
    errors = validator(response_schema(path_template)).iter_errors(document)
    return [f"{error.json_path}: {error.message[:200]}" for error in errors]


def example(name):
    """An instance of a schema of ooapi.json made of the examples its parts give."""
    return _example(spec()["components"]["schemas"][name])


def _example(schema):
    while "$ref" in schema:
        schema = spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            found = _example(part)
            if isinstance(found, dict):
                merged.update(found)
        return merged
    if "oneOf" in schema:
        return _example(schema["oneOf"][0])
    if schema.get("type") == "object" or "properties" in schema:
        built = {name: _example(part) for name, part in schema.get("properties", {}).items()}
        return {name: value for name, value in built.items() if value is not None}
    if schema.get("type") == "array":
        item = _example(schema.get("items", {}))
        return None if item is None else [item]
    if "enum" in schema:
        return schema["enum"][0]
    return None


def text(value, language="nl-NL"):
    return [{"language": language, "value": value}]


def program(
    name,
    *,
    croho=None,
    mode="dual training",
    level="associate degree",
    ects=120,
    duration="P2Y",
    description=None,
    link=None,
    program_id=None,
    language="nl-NL",
    **fields,
):
    """A program as a school publishes it: the contract's example with these values."""
    document = example("Program")
    ad = level == "associate degree"
    document.update(
        programId=program_id or str(uuid.uuid4()),
        primaryCode={"codeType": "programCode", "code": re.sub(r"\W", "", name)[:10].upper()},
        programType="program",
        name=text(name, language) + text(f"{name} (EN)", "en-GB"),
        abbreviation=name[:20],
        description=text(description or f"{name}: werken en leren tegelijk.", language),
        teachingLanguage="nld",
        studyLoad={"studyLoadUnit": "ects", "value": ects},
        qualificationAwarded="AD" if ad else "BA",
        modeOfStudy=mode,
        duration=duration,
        levelOfQualification="5" if ad else "6",
        level=level,
        sector="higher professional education",
        fieldsOfStudy="0413",
        admissionRequirements=text("Mbo-4, havo of vwo."),
        link=link or f"https://www.hogeschool-voorbeeld.nl/opleidingen/{uuid.uuid4().hex[:8]}",
        otherCodes=[{"codeType": "crohoCreboCode", "code": croho}] if croho else [],
    )
    document.update(fields)
    return {key: value for key, value in document.items() if value is not None}


def offering(
    start,
    *,
    enroll_start=None,
    enroll_end=None,
    capacity=30,
    status="open",
    price="2695.00",
    offering_id=None,
    **fields,
):
    """A cohort (program offering) starting on start, with the RIO consumer's status."""
    document = example("ProgramOffering")
    start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
    document.update(
        offeringId=offering_id or str(uuid.uuid4()),
        primaryCode={"codeType": "offeringCode", "code": f"C{start:%Y%m}"},
        offeringType="program",
        name=text(f"Start {start:%B %Y}"),
        description=text("Cohort"),
        maxNumberStudents=capacity,
        startDate=start.isoformat(),
        endDate=start.replace(year=start.year + 2).isoformat(),
        enrollStartDate=(enroll_start or start - datetime.timedelta(days=270)).isoformat(),
        enrollEndDate=(enroll_end or start - datetime.timedelta(days=14)).isoformat(),
        consumers=[
            {
                "consumerKey": "rio",
                "registrationStatus": status,
                "requiredPermissionRegistration": "no",
            }
        ],
        priceInformation=[{"costType": "total costs", "amount": price, "currency": "EUR"}]
        if price
        else None,
    )
    document.update(fields)
    return {key: value for key, value in document.items() if value is not None}


class OoapiServer:
    """Serves programs and their offerings as OOAPI v5 does, paged as asked; with `token`
    set, only to a client that sends it as a bearer token. fail() makes it misbehave."""

    def __init__(self, programs=(), offerings=None, token=None):
        self.programs, self.offerings = list(programs), dict(offerings or {})
        self.token, self.fault, self.fault_on, self.faults_left = token, None, "", None
        self.breaks_contract = False
        self.served, self.broken, self.unexpected = [], [], []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.cache = {}
        handler = type("Handler", (Handler,), {"ooapi": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/ooapi/v5"

    def fail(self, fault, on="", times=None):
        """Misbehave on paths containing `on` (all by default), `times` times or for good:
        "500", "hang" (no answer at all), "401", "invalid-json" or "endless-pages" (every
        page says there is a next one and brings the same items)."""
        with self.lock:
            self.fault, self.fault_on, self.faults_left = fault, on, times
            self.cache.clear()

    def publish(self, programs=None, offerings=None):
        """Serve these from now on (programs and {programId: offerings})."""
        with self.lock:
            if programs is not None:
                self.programs = list(programs)
            if offerings is not None:
                self.offerings = dict(offerings)
            self.cache.clear()

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def page(self, template, items, query, endless=False):
        size = int(query.get("pageSize", ["10"])[0])
        number = int(query.get("pageNumber", ["1"])[0])
        if endless:
            number = 1  # the page asked for is ignored, and there is always a next one
        chunk = items[(number - 1) * size : number * size]
        more = number * size < len(items) or endless
        document = {
            "pageSize": size,
            "pageNumber": number,
            "hasPreviousPage": number > 1,
            "hasNextPage": more,
            "totalPages": max(1, -(-len(items) // size)),
            "items": chunk,
        }
        errors = contract_errors(template, document)
        if errors and self.breaks_contract:
            self.broken.append(errors)
        elif errors:
            self.unexpected.append(errors)  # the test fails on it (see the fixture)
        return json.dumps(document).encode()


class Handler(BaseHTTPRequestHandler):
    ooapi: OoapiServer
    ROUTES = [
        (re.compile(r"^/ooapi/v5/programs$"), "/programs"),
        (
            re.compile(r"^/ooapi/v5/organizations/(?P<org>[^/]+)/programs$"),
            "/organizations/{organizationId}/programs",
        ),
        (
            re.compile(r"^/ooapi/v5/programs/(?P<program>[^/]+)/offerings$"),
            "/programs/{programId}/offerings",
        ),
    ]

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.ooapi
        parts = urlsplit(self.path)
        server.served.append(self.path)
        faulty = server.fault and server.fault_on in parts.path and server.faults_left != 0
        if faulty:
            if server.faults_left:
                server.faults_left -= 1
            if self.misbehave(server.fault):
                return
        endless = bool(faulty) and server.fault == "endless-pages"
        if server.token and self.headers.get("Authorization") != f"Bearer {server.token}":
            return self.problem(401, "Unauthorized")
        query = parse_qs(parts.query)
        if int(query.get("pageSize", ["10"])[0]) not in PAGE_SIZES:
            return self.problem(400, "pageSize is not one of 10, 20, 50, 100, 250")
        found = [(p.match(parts.path), template) for p, template in self.ROUTES]
        match, template = next(((m, t) for m, t in found if m), (None, None))
        if match is None:
            return self.problem(404, "Not found")
        with server.lock:
            key = None if endless else self.path
            body = server.cache.get(key)
            if body is None:
                program = match.groupdict().get("program")
                if program is not None and program not in server.offerings:
                    return self.problem(404, "Program not found")
                items = server.offerings[program] if program else server.programs
                body = server.page(template, items, query, endless)
                if key:
                    server.cache[key] = body
        self.answer(200, body, "application/json")

    def misbehave(self, fault):
        if fault == "500":
            self.problem(500, "Internal Server Error")
        elif fault == "401":
            self.problem(401, "Unauthorized")
        elif fault == "hang":
            self.ooapi.stopping.wait(30)
        elif fault == "invalid-json":
            self.answer(200, b'{"pageSize": 10, "items": [', "application/json")
        else:
            return False
        return True

    def problem(self, status, title):
        body = json.dumps({"status": str(status), "title": title}).encode()
        self.answer(status, body, "application/problem+json")

    def answer(self, status, body, content_type):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as a client with a size limit does
