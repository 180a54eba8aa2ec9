"""ECS deployment lifecycle hook: smoke test of green through the test listener.

ECS invokes this function at POST_TEST_TRAFFIC_SHIFT, when the test listener sends 100 % of its traffic to the
new (green) tasks. It answers with a hookStatus
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/lambda-lifecycle-hooks.html): SUCCEEDED lets ECS shift
production traffic, FAILED rolls the deployment back.
"""
import os
import ssl
import urllib.error
import urllib.request


def handler(event, context):
    url = os.environ["TEST_URL"]
    # The certificate names the service's domain, the request goes to the load balancer's DNS name: the chain is
    # verified, the host name is not.
    tls = ssl.create_default_context()
    tls.check_hostname = False
    try:
        with urllib.request.urlopen(url, timeout=10, context=tls) as response:
            ok = 200 <= response.status < 400
    except (urllib.error.URLError, OSError) as error:
        print(f"smoke test of {url} failed: {error}")
        ok = False
    print(f"smoke test of {url} for {event.get('targetServiceRevisionArn')}: {'passed' if ok else 'failed'}")
    return {"hookStatus": "SUCCEEDED" if ok else "FAILED"}
