"""The CloudFormation response code has one home, cfn_response.py, and every custom-resource handler runs it as
synthesized: inlined into the function's one file, so that the function needs nothing beside index.py."""
import re

import pytest

from conftest import SOURCES, cfn_event, handlers

CUSTOM_RESOURCE_HANDLERS = ["detector_features.py", "endpoint_cleanup.py"]
RESPONSE_FIELDS = {"Status", "Reason", "PhysicalResourceId", "StackId", "RequestId", "LogicalResourceId", "Data"}


@pytest.mark.parametrize("name", CUSTOM_RESOURCE_HANDLERS)
def test_handler_sources_import_the_response_code_instead_of_repeating_it(name):
    source = (SOURCES / name).read_text()
    assert "def respond(" not in source
    assert re.search(r"^from cfn_response import respond$", source, re.M)


@pytest.mark.parametrize("name", CUSTOM_RESOURCE_HANDLERS)
def test_synthesized_handlers_hold_the_shared_response_code_once_and_import_nothing_of_the_package(name):
    synthesized = (handlers() / name).read_text()
    shared = (SOURCES / "cfn_response.py").read_text().rstrip()
    assert synthesized.count(shared) == 1
    assert synthesized.count("def respond(") == 1
    assert "cfn_response" not in re.sub(r"#.*", "", synthesized), "an import of the package is left"


def test_isolation_handler_needs_no_response_code():
    assert "respond" not in (handlers() / "isolate_task.py").read_text()


@pytest.mark.parametrize("name,properties", [
    ("endpoint_cleanup.py", {"VpcId": "vpc-1", "ServiceName": "com.amazonaws.eu-west-1.guardduty-data"}),
    ("detector_features.py", {"Action": "VERIFY", "AgentManagement": ""}),
])
def test_every_handler_answers_cloudformation_with_the_same_fields_and_a_bounded_reason(
        name, properties, load, context, response_url, aws):
    handler = load(name)
    # A Create that fails (no detector / describe refused): the reason is the exception, cut to 2000 characters.
    def refuse(**kwargs):
        raise RuntimeError("x" * 5000)

    aws.events.register("before-call.*.*", lambda **kw: refuse())
    request = "Delete" if name == "endpoint_cleanup.py" else "Create"
    handler.handler(cfn_event(response_url, request, properties, physical="guardduty-endpoint-cleanup:vpc-1"
                              if request == "Delete" else None), context)
    body = response_url.last()
    assert set(body) == RESPONSE_FIELDS
    assert body["Status"] == "FAILED"
    assert len(body["Reason"]) == 2000
    assert body["RequestId"] == "req-1" and body["StackId"].endswith(":stack/Stack1/0f0e0d0c")
