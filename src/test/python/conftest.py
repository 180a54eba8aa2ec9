"""Fixtures that run the construct's real Lambda handlers against moto (mock_aws): real boto3 clients, real botocore
parameter validation against the service models, moto state. A local HTTP server stands in for CloudFormation's
pre-signed response URL, so a test reads the exact response (Status, PhysicalResourceId, Reason) a handler sends.

Where moto 5.2.1 differs from AWS, the fixtures model AWS and say so:
- GuardDuty UpdateDetector: moto replaces the whole feature list; GuardDuty updates only the features and additional
  configurations sent (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html).
- GuardDuty organization membership: moto's GetAdministratorAccount reports the organization admin accounts this
  account enabled (in keys botocore does not parse), and UpdateDetector never refuses. `member_of(account)` models a member account: GetAdministratorAccount
  names its administrator and UpdateDetector of Runtime Monitoring is refused, as for a real member
  (https://docs.aws.amazon.com/guardduty/latest/ug/managing-gdu-agent-ecs-automated.html).
- Requester-managed network interfaces are not modelled: `requester_managed(eni)` marks an interface RequesterManaged in
  DescribeNetworkInterfaces and makes ModifyNetworkInterfaceAttribute fail on it, as EC2 does for interfaces that an
  AWS service (here ECS for Fargate) manages (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html).
- The vpc-endpoint-id filter of DescribeVpcEndpoints is not implemented by moto; the handler uses VpcEndpointIds.
- EventBridge matches a pattern field inside an array of objects if any element has a matching value
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html); moto's matcher does not
  look into arrays of objects, so `eventbridge_matches_arrays_of_objects` flattens them into lists of values.
"""
import importlib.util
import http.server
import json
import os
import pathlib
import threading

# No handler launches instances: moto's catalogue of default AMIs (loaded per Region at every mock_aws start) is the
# slowest part of an EC2 test without it. Set before moto is imported, which reads its settings at import.
os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")

import functools

import boto3
import botocore.exceptions
import botocore.loaders
import botocore.session
import jsonpath_ng.ext
import pytest
from moto import mock_aws

ROOT = pathlib.Path(__file__).resolve().parents[3]
SOURCES = ROOT / "src/main/resources/io/github/securefargate/guardduty"
ACCOUNT, REGION = "123456789012", "eu-west-1"


class ResponseUrl:
    """A local stand-in for CloudFormation's pre-signed S3 URL: records every PUT body."""

    def __init__(self):
        self.bodies = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                length = int(self.headers["Content-Length"])
                outer.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/response" % self.server.server_port
        # A short poll interval: shutdown() waits for the serving loop's next poll (0.5 s by default) after each test.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def last(self):
        assert self.bodies, "the handler sent no response to CloudFormation"
        return self.bodies[-1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Context:
    """Lambda context with a virtual clock: `sleep` (patched into handlers that wait) uses up the remaining time."""
    log_stream_name = "2026/12/01/[$LATEST]0123456789abcdef"
    aws_request_id = "lambda-request"

    def __init__(self, remaining_millis=900000):
        self.remaining = remaining_millis
        self.slept = 0

    def get_remaining_time_in_millis(self):
        return self.remaining

    def sleep(self, seconds):
        self.slept += seconds
        self.remaining -= int(seconds * 1000)


# Speed only, behaviour unchanged: each test gets a fresh session (its own event handlers and credentials), but all
# sessions share one loader, so botocore parses each service model file once per run instead of once per test.
_MODELS = botocore.loaders.create_loader()
# moto's EventBridge input transformer builds a new JSONPath parser (a yacc table) for every path of every event;
# parsed paths are immutable, so one per distinct path is enough.
jsonpath_ng.ext.parse = functools.lru_cache(maxsize=None)(jsonpath_ng.ext.parse)


@pytest.fixture
def aws(monkeypatch):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        core = botocore.session.Session()
        core.register_component("data_loader", _MODELS)
        boto3.setup_default_session(botocore_session=core, region_name=REGION)
        yield boto3.DEFAULT_SESSION


@pytest.fixture
def response_url():
    server = ResponseUrl()
    yield server
    server.close()


def handlers():
    """The handlers as synthesized: HandlersAgainstMotoTest writes the inline code of each function (the package's
    shared modules, such as cfn_response, inlined) and the isolation function's literal environment there."""
    path = os.environ.get("GUARDDUTY_HANDLERS")
    if not path:
        pytest.fail("GUARDDUTY_HANDLERS is not set: run these tests through HandlersAgainstMotoTest "
                    "(mvn test -Dtest=HandlersAgainstMotoTest), which synthesizes the handlers as deployed")
    return pathlib.Path(path)


@pytest.fixture
def load():
    """Loads a handler as Lambda runs it (module `index`, from its one inline file), fresh for each test, with the
    environment the construct synthesized for it (`<name>.env.json`) and then `env`."""

    def _load(name, env=None, monkeypatch=None):
        synthesized = handlers() / (name[:-len(".py")] + ".env.json")
        if synthesized.exists():
            os.environ.update(json.loads(synthesized.read_text()))
        for key, value in (env or {}).items():
            os.environ[key] = value
        spec = importlib.util.spec_from_file_location("index", handlers() / name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return _load


@pytest.fixture
def context():
    return Context()


@pytest.fixture
def calls(aws):
    """Every API call the handlers make, as ('service.Operation', parameters as passed by the caller)."""
    seen = []

    def record(event_name, params, model, **kwargs):
        seen.append((event_name.split(".", 1)[1].split(".")[0] + "." + model.name, dict(params)))

    aws.events.register("before-parameter-build", record)
    return seen


@pytest.fixture(autouse=True)
def guardduty_merges_features(monkeypatch):
    """GuardDuty updates only the features and additional configurations sent; moto replaces the list."""
    from moto.guardduty import models

    original = models.Detector.update

    def merged(self, enable, finding_publishing_frequency, data_sources, features):
        if features is not None:
            current = {f["name"]: dict(f) for f in self.features}
            for f in features:
                existing = current.setdefault(f["name"], {"name": f["name"]})
                if "status" in f:
                    existing["status"] = f["status"]
                if "additionalConfiguration" in f:
                    configs = {c["name"]: dict(c) for c in existing.get("additionalConfiguration", [])}
                    for c in f["additionalConfiguration"]:
                        configs.setdefault(c["name"], {}).update(c)
                    existing["additionalConfiguration"] = list(configs.values())
            features = list(current.values())
        original(self, enable, finding_publishing_frequency, data_sources, features)

    monkeypatch.setattr(models.Detector, "update", merged)


@pytest.fixture(autouse=True)
def eventbridge_matches_arrays_of_objects(monkeypatch):
    """Flattens arrays of objects in events as EventBridge does: field path -> every element's values."""
    from moto.events import models

    def flatten(node, prefix="", result=None):
        if result is None:
            result = {}
        if isinstance(node, dict):
            for k, v in node.items():
                key = prefix + "." + k if prefix else k
                if isinstance(v, dict) and v:
                    flatten(v, key, result)
                elif isinstance(v, list) and any(isinstance(item, dict) for item in v):
                    for item in v:
                        for sub_key, sub_value in flatten(item, key).items():
                            values = result.setdefault(sub_key, [])
                            values.extend(sub_value if isinstance(sub_value, list) else [sub_value])
                else:
                    result[key] = v
        return result

    monkeypatch.setattr(models.EventPattern, "_flatten_dict", staticmethod(flatten))


@pytest.fixture
def member_of(monkeypatch):
    """Makes this account a GuardDuty member of an organization whose delegated administrator is `admin`."""
    from moto.guardduty import models

    def _member(admin):
        def administrator(self, detector_id):
            self.get_detector(detector_id)
            # Wire format of the REST-JSON API (camelCase); moto's own answer uses keys botocore does not read.
            return {"administrator": {"accountId": admin, "invitationId": "inv", "relationshipStatus": "Enabled"}}

        def refuse(self, *args, **kwargs):
            from moto.guardduty.exceptions import GuardDutyException
            error = GuardDutyException("BadRequestException", "The request is rejected because a member account "
                                       "cannot manage Runtime Monitoring; the administrator account %s does" % admin)
            error.code = 400
            raise error

        monkeypatch.setattr(models.GuardDutyBackend, "get_administrator_account", administrator)
        monkeypatch.setattr(models.GuardDutyBackend, "update_detector", refuse)

    return _member


@pytest.fixture
def requester_managed(aws):
    """Models ECS-managed (Fargate) network interfaces: RequesterManaged, and their attributes cannot be modified."""
    managed = set()

    def describe(parsed, **kwargs):
        for eni in parsed.get("NetworkInterfaces", []):
            if eni["NetworkInterfaceId"] in managed:
                eni["RequesterManaged"] = True
                eni["RequesterId"] = "578734482556"

    def modify(params, **kwargs):
        if params.get("NetworkInterfaceId") in managed:
            raise botocore.exceptions.ClientError({"Error": {
                "Code": "AuthFailure", "Message": "You do not have permission to access the specified resource."}},
                "ModifyNetworkInterfaceAttribute")

    aws.events.register("after-call.ec2.DescribeNetworkInterfaces", lambda parsed, **kw: describe(parsed))
    aws.events.register("before-call.ec2.ModifyNetworkInterfaceAttribute", lambda params, **kw: modify(params))
    return managed.add


def cfn_event(response_url, request_type, properties, physical=None, stack="Stack1", logical="DetectorSettings",
              request_id="req-1", old_properties=None):
    event = {"RequestType": request_type, "ResponseURL": response_url.url,
             "StackId": "arn:aws:cloudformation:%s:%s:stack/%s/0f0e0d0c" % (REGION, ACCOUNT, stack),
             "RequestId": request_id, "LogicalResourceId": logical,
             "ResourceType": "Custom::GuardDutyRuntimeMonitoring", "ResourceProperties": properties}
    if physical is not None:
        event["PhysicalResourceId"] = physical
    if old_properties is not None:
        event["OldResourceProperties"] = old_properties
    return event
