# Custom resource: enables (or verifies) GuardDuty Runtime Monitoring for ECS Fargate on the account's detector.
#
# The detector is one per account and Region and is shared by every stack there, so each custom resource registers
# itself as an *owner* (an SSM parameter under OwnerParameterPath, one per stack and resource) with the agent setting
# its mode needs. The state the detector had before the first owner arrived is the *baseline* (one parameter, written
# only if absent). The detector always gets RUNTIME_MONITORING on and ECS_FARGATE_AGENT_MANAGEMENT on if the baseline
# or any owner needs it, off otherwise. Deleting an owner recomputes that from the owners left; only the last owner
# puts the baseline back (when RestoreOnDelete). So deleting one stack never turns monitoring off under another.
#
# Organization member accounts: only the delegated GuardDuty administrator can change Runtime Monitoring and automated
# agent configuration for members (https://docs.aws.amazon.com/guardduty/latest/ug/managing-gdu-agent-ecs-automated.html),
# so the handler asks GetAdministratorAccount first and fails before changing anything.
#
# Physical ids: "owner:<id>" once the detector was changed and the owner recorded; a FAILED Create returns
# "failed:<request id>", whose Delete (the rollback) is a no-op, so a refused update cannot leave the stack in
# ROLLBACK_FAILED. "verify:<detector>" is read-only. "restore:<detector>:<rm>:<agent>" is the id of earlier versions
# of this handler: an Update from it seeds the baseline from it, and its Delete is a no-op.
import hashlib, json, logging
import boto3
from cfn_response import respond

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)
RM, AGENT = "RUNTIME_MONITORING", "ECS_FARGATE_AGENT_MANAGEMENT"
ENABLED, DISABLED = "ENABLED", "DISABLED"
# Earlier versions sent no OwnerParameterPath; CloudFormation may send their properties with the Delete of a replaced id.
DEFAULT_PATH = "/securefargate/guardduty-runtime-monitoring"


def state(gd, detector_id):
    rm, agent = DISABLED, DISABLED
    for f in gd.get_detector(DetectorId=detector_id).get("Features", []):
        if f.get("Name") == RM:
            rm = f.get("Status", rm)
            for c in f.get("AdditionalConfiguration", []):
                if c.get("Name") == AGENT:
                    agent = c.get("Status", agent)
    return rm, agent


def update(gd, detector_id, rm, agent):
    # GuardDuty updates only the features and additional configurations that are sent.
    feature = {"Name": RM, "Status": rm, "AdditionalConfiguration": [{"Name": AGENT, "Status": agent}]}
    LOG.info("UpdateDetector %s %s", detector_id, json.dumps(feature))
    gd.update_detector(DetectorId=detector_id, Features=[feature])


def administrator(gd, detector_id):
    admin = gd.get_administrator_account(DetectorId=detector_id).get("Administrator") or {}
    return admin.get("AccountId")


def find_detector(gd, props):
    ids = gd.list_detectors().get("DetectorIds", [])
    if not ids:
        raise RuntimeError("No GuardDuty detector exists in account %s, Region %s. Enable GuardDuty first, or use "
                           "DetectorSetup.CREATE to let this stack create the detector."
                           % (props.get("Account"), props.get("Region")))
    return ids[0]


class Registry:
    """Owners and baseline, as SSM parameters under one path (per account and Region, like the detector)."""

    def __init__(self, ssm, path):
        self.ssm, self.path = ssm, path.rstrip("/")

    def owners(self):
        found, token = {}, None
        while True:
            kwargs = {"Path": self.path + "/owners", "Recursive": False}
            if token:
                kwargs["NextToken"] = token
            page = self.ssm.get_parameters_by_path(**kwargs)
            for p in page.get("Parameters", []):
                found[p["Name"].rsplit("/", 1)[1]] = json.loads(p["Value"])
            token = page.get("NextToken")
            if not token:
                return found

    def put_owner(self, owner, record):
        self.ssm.put_parameter(Name=self.path + "/owners/" + owner, Value=json.dumps(record, sort_keys=True),
                               Type="String", Overwrite=True,
                               Description="GuardDuty Runtime Monitoring needed by " + record["stack"][:900])

    def delete_owner(self, owner):
        try:
            self.ssm.delete_parameter(Name=self.path + "/owners/" + owner)
        except self.ssm.exceptions.ParameterNotFound:
            pass

    def baseline(self):
        try:
            return json.loads(self.ssm.get_parameter(Name=self.path + "/baseline")["Parameter"]["Value"])
        except self.ssm.exceptions.ParameterNotFound:
            return None

    def put_baseline(self, record):
        """Writes the baseline unless one exists (the first owner wins, also against a concurrent deployment)."""
        try:
            self.ssm.put_parameter(Name=self.path + "/baseline", Value=json.dumps(record, sort_keys=True),
                                   Type="String", Overwrite=False,
                                   Description="GuardDuty Runtime Monitoring settings before the first owner")
        except self.ssm.exceptions.ParameterAlreadyExists:
            pass

    def delete_baseline(self):
        try:
            self.ssm.delete_parameter(Name=self.path + "/baseline")
        except self.ssm.exceptions.ParameterNotFound:
            pass


def owner_id(event):
    return hashlib.sha256((event["StackId"] + "/" + event["LogicalResourceId"]).encode()).hexdigest()[:32]


def wanted_agent(baseline, owners):
    needed = [baseline.get("agent")] + [o.get("agent") for o in owners.values()]
    return ENABLED if ENABLED in needed else DISABLED


def refuse_if_member(gd, detector_id, props):
    admin = administrator(gd, detector_id)
    if admin:
        raise RuntimeError("GuardDuty in account %s, Region %s is managed by the administrator account %s (this "
                           "account is an organization member): only the delegated administrator can change Runtime "
                           "Monitoring and automated agent configuration, so nothing was changed. Use "
                           "MonitoringMode.MANAGED_ELSEWHERE (DetectorSetup.VERIFY) and ask the administrator to "
                           "enable Runtime Monitoring for this account."
                           % (props.get("Account"), props.get("Region"), admin))


def enable(gd, registry, detector_id, props, event):
    refuse_if_member(gd, detector_id, props)
    rm, agent = state(gd, detector_id)
    baseline = registry.baseline()
    previous = event.get("PhysicalResourceId") or ""
    if baseline is None:
        baseline = {"detector": detector_id, "rm": rm, "agent": agent}
        if previous.startswith("restore:"):  # deployed by an earlier version: it recorded the state before it
            parts = previous.split(":")
            baseline = {"detector": parts[1], "rm": parts[2],
                        "agent": parts[3] if parts[3] in (ENABLED, DISABLED) else agent}
    owner = owner_id(event)
    owners = registry.owners()
    owners[owner] = {"agent": props["AgentManagement"], "stack": event["StackId"]}
    agent_wanted = wanted_agent(baseline, owners)
    if rm != ENABLED or agent != agent_wanted:
        update(gd, detector_id, ENABLED, agent_wanted)
    # Recorded only after the detector accepted the change: a refused update leaves nothing to undo.
    registry.put_baseline(baseline)
    registry.put_owner(owner, owners[owner])
    # Settle: an owner that another stack recorded meanwhile (concurrent deployments) may need more than was read.
    settled = wanted_agent(registry.baseline() or baseline, registry.owners())
    if settled != agent_wanted:
        update(gd, detector_id, ENABLED, settled)
    return "owner:" + owner


def delete(gd, registry, props, physical):
    if not physical.startswith("owner:"):
        return "Nothing to undo for %s" % physical
    registry.delete_owner(physical[len("owner:"):])
    owners = registry.owners()
    ids = gd.list_detectors().get("DetectorIds", [])
    baseline = registry.baseline()
    if not owners:
        registry.delete_baseline()
    if not ids or baseline is None or props.get("RestoreOnDelete") != "true":
        return "Owner removed; detector left as it is"
    detector_id = ids[0]
    if administrator(gd, detector_id):
        return "Owner removed; the organization's GuardDuty administrator now manages the detector: left as it is"
    rm, agent = state(gd, detector_id)
    if owners:
        # Other stacks still rely on monitoring: keep it on, with agent management only if still needed.
        want_rm, want_agent = ENABLED, wanted_agent(baseline, owners)
    else:
        want_rm, want_agent = baseline["rm"], baseline["agent"]
    if (rm, agent) != (want_rm, want_agent):
        update(gd, detector_id, want_rm, want_agent)
    return "Owner removed; %d owner(s) left; detector %s %s, %s %s" % (len(owners), RM, want_rm, AGENT, want_agent)


def verify(gd, detector_id, props):
    rm, agent = state(gd, detector_id)
    if rm != ENABLED or (props.get("AgentManagement") == ENABLED and agent != ENABLED):
        raise RuntimeError("GuardDuty detector %s has %s %s and %s %s; ask the GuardDuty administrator to enable "
                           "them" % (detector_id, RM, rm, AGENT, agent))
    return "verify:" + detector_id


def handler(event, context):
    props = event.get("ResourceProperties", {})
    request = event["RequestType"]
    physical = event.get("PhysicalResourceId") or ""
    try:
        gd = boto3.client("guardduty")
        registry = Registry(boto3.client("ssm"), props.get("OwnerParameterPath") or DEFAULT_PATH)
        if request == "Delete":
            reason = delete(gd, registry, props, physical)
            LOG.info(reason)
            respond(event, "SUCCESS", reason, physical)
            return
        detector_id = find_detector(gd, props)
        if props["Action"] == "VERIFY":
            physical = verify(gd, detector_id, props)
        else:
            physical = enable(gd, registry, detector_id, props, event)
        respond(event, "SUCCESS", "OK", physical, {"DetectorId": detector_id})
    except Exception as e:  # report every failure to CloudFormation instead of letting it time out
        LOG.exception("Request failed")
        # A Create that failed before enable() returned has no physical id yet: "failed:" makes its rollback Delete a
        # no-op. One whose change was made and recorded keeps "owner:", so the rollback undoes it.
        respond(event, "FAILED", "%s: %s" % (type(e).__name__, e), physical or "failed:" + event["RequestId"])
