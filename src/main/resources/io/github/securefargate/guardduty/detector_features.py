# Custom resource: enables (or verifies) GuardDuty Runtime Monitoring for ECS Fargate on the existing detector.
# The previous state is kept in the physical id and restored on delete.
import json, logging, urllib.request
import boto3

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)
RM, AGENT = "RUNTIME_MONITORING", "ECS_FARGATE_AGENT_MANAGEMENT"


def respond(event, status, reason, physical_id, data=None):
    body = json.dumps({"Status": status, "Reason": reason[:2000], "PhysicalResourceId": physical_id,
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"], "Data": data or {}}).encode()
    req = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                 headers={"Content-Type": "", "Content-Length": str(len(body))})
    urllib.request.urlopen(req, timeout=30)


def state(gd, detector_id):
    rm, agent = "DISABLED", "DISABLED"
    for f in gd.get_detector(DetectorId=detector_id).get("Features", []):
        if f.get("Name") == RM:
            rm = f.get("Status", rm)
            for c in f.get("AdditionalConfiguration", []):
                if c.get("Name") == AGENT:
                    agent = c.get("Status", agent)
    return rm, agent


def update(gd, detector_id, rm, agent):
    feature = {"Name": RM, "Status": rm}
    if agent != "-":
        feature["AdditionalConfiguration"] = [{"Name": AGENT, "Status": agent}]
    LOG.info("UpdateDetector %s %s", detector_id, json.dumps(feature))
    gd.update_detector(DetectorId=detector_id, Features=[feature])


def handler(event, context):
    props = event.get("ResourceProperties", {})
    physical = event.get("PhysicalResourceId") or "none"
    try:
        gd = boto3.client("guardduty")
        if event["RequestType"] == "Delete":
            if physical.startswith("restore:") and props.get("RestoreOnDelete") == "true":
                _, detector_id, rm, agent = physical.split(":")
                update(gd, detector_id, rm, agent)
            respond(event, "SUCCESS", "OK", physical)
            return
        ids = gd.list_detectors().get("DetectorIds", [])
        if not ids:
            raise RuntimeError("No GuardDuty detector exists in account %s, Region %s. Enable GuardDuty first, or "
                               "use DetectorSetup.CREATE to let this stack create the detector."
                               % (props.get("Account"), props.get("Region")))
        detector_id = ids[0]
        rm, agent = state(gd, detector_id)
        if props["Action"] == "VERIFY":
            if rm != "ENABLED" or (props.get("AgentManagement") == "ENABLED" and agent != "ENABLED"):
                raise RuntimeError("GuardDuty detector %s has %s %s and %s %s; ask the GuardDuty administrator to "
                                   "enable them" % (detector_id, RM, rm, AGENT, agent))
            physical = "verify:" + detector_id
        else:
            wanted = props.get("AgentManagement") or "-"
            if not physical.startswith("restore:" + detector_id + ":"):
                physical = "restore:%s:%s:%s" % (detector_id, rm, agent if wanted != "-" else "-")
            update(gd, detector_id, "ENABLED", wanted)
        respond(event, "SUCCESS", "OK", physical, {"DetectorId": detector_id})
    except Exception as e:  # report every failure to CloudFormation instead of letting it time out
        LOG.exception("Request failed")
        hint = "" if "No GuardDuty detector" in str(e) else (
            " If an organization's delegated administrator manages GuardDuty for this account, use "
            "MonitoringMode.MANAGED_ELSEWHERE.")
        respond(event, "FAILED", "%s: %s.%s" % (type(e).__name__, e, hint),
                physical if physical != "none" else context.log_stream_name)
