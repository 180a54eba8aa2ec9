# CloudFormation custom-resource response, shared by the custom-resource handlers of this package
# (detector_features.py, endpoint_cleanup.py). Lambda runs each function from its one inline file (index.py), so
# Handlers.source puts this module's text in place of a handler's "from cfn_response import respond" line when the
# function is synthesized; the moto tests run the handlers as they are synthesized.
# Response fields: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
import json, urllib.request


def respond(event, status, reason, physical_id, data=None):
    """PUTs the response to the pre-signed URL of the request; the reason is cut to keep the response small."""
    body = json.dumps({"Status": status, "Reason": reason[:2000], "PhysicalResourceId": physical_id,
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"], "Data": data or {}}).encode()
    req = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                 headers={"Content-Type": "", "Content-Length": str(len(body))})
    urllib.request.urlopen(req, timeout=30)
