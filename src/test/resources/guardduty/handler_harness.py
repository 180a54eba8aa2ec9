# Runs one of the construct's Lambda handlers against a fake boto3 and a captured CloudFormation response URL.
# Usage: python3 handler_harness.py <handler.py> '<scenario json>'; prints {"calls", "responses", "result", "error"}.
import importlib.util, json, os, sys, types, urllib.request

handler_path, scenario = sys.argv[1], json.loads(sys.argv[2])
responses = scenario.get("responses", {})
calls, sent = [], []


class Client:
    def __init__(self, service):
        self.service = service

    def __getattr__(self, method):
        def call(**kwargs):
            key = self.service + "." + method
            calls.append({"call": key, "args": kwargs})
            r = responses.get(key, {})
            if isinstance(r, list):
                r = r.pop(0) if len(r) > 1 else r[0]
            if isinstance(r, dict) and "__raise__" in r:
                raise RuntimeError(r["__raise__"])
            return r
        return call


boto3 = types.ModuleType("boto3")
boto3.client = lambda name: Client(name)
sys.modules["boto3"] = boto3


class Response:
    def read(self):
        return b""


def urlopen(req, timeout=None):
    sent.append(json.loads(req.data.decode()))
    return Response()


urllib.request.urlopen = urlopen
os.environ.update(scenario.get("env", {}))
spec = importlib.util.spec_from_file_location("index", handler_path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)


class Context:
    log_stream_name = "log-stream"

    def get_remaining_time_in_millis(self):
        return 600000


result, error = None, None
try:
    result = module.handler(scenario["event"], Context())
except Exception as e:
    error = str(e)
print(json.dumps({"calls": calls, "responses": sent, "result": result, "error": error}))
