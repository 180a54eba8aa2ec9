"""The example's ECS lifecycle hook (examples/hooks/smoke_test.py), run against a local HTTP server standing in for
the test listener: it answers the hookStatus ECS reads
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/lambda-lifecycle-hooks.html)."""
import http.server
import importlib.util
import pathlib
import socket
import threading

import pytest

HOOK = pathlib.Path(__file__).resolve().parents[2].parent / "examples/hooks/smoke_test.py"

# The payload shape ECS sends at POST_TEST_TRAFFIC_SHIFT (fields the hook may read).
EVENT = {
    "executionDetails": {"lifecycleStage": "POST_TEST_TRAFFIC_SHIFT"},
    "serviceArn": "arn:aws:ecs:eu-west-1:111111111111:service/cluster/hello",
    "targetServiceRevisionArn": "arn:aws:ecs:eu-west-1:111111111111:service-revision/cluster/hello/1",
    "testTrafficWeights": {"arn:aws:ecs:eu-west-1:111111111111:service-revision/cluster/hello/1": 100},
}


def load_hook():
    spec = importlib.util.spec_from_file_location("smoke_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def test_listener():
    """A server answering every GET with the status in `answer['status']`."""
    answer = {"status": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(answer["status"])
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", answer
    server.shutdown()


def test_succeeds_when_green_answers(test_listener, monkeypatch):
    url, answer = test_listener
    monkeypatch.setenv("TEST_URL", url)
    assert load_hook().handler(EVENT, None) == {"hookStatus": "SUCCEEDED"}


def test_fails_when_green_answers_5xx(test_listener, monkeypatch):
    url, answer = test_listener
    answer["status"] = 503
    monkeypatch.setenv("TEST_URL", url)
    assert load_hook().handler(EVENT, None) == {"hookStatus": "FAILED"}


def test_fails_when_the_test_listener_is_unreachable(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("TEST_URL", f"http://127.0.0.1:{port}/")
    assert load_hook().handler(EVENT, None) == {"hookStatus": "FAILED"}
