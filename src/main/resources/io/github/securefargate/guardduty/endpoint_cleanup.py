# Custom resource: on delete, removes the guardduty-data endpoint and the GuardDutyManagedSecurityGroup-<vpc-id>
# security group that GuardDuty created in the VPC, which would otherwise block deleting the VPC.
import json, logging, time, urllib.request
import boto3

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)


def respond(event, status, reason, physical_id):
    body = json.dumps({"Status": status, "Reason": reason[:2000], "PhysicalResourceId": physical_id,
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"], "Data": {}}).encode()
    req = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                 headers={"Content-Type": "", "Content-Length": str(len(body))})
    urllib.request.urlopen(req, timeout=30)


def clean(vpc_id, service_name, context):
    ec2 = boto3.client("ec2")
    vpc = {"Name": "vpc-id", "Values": [vpc_id]}
    groups = ec2.describe_security_groups(Filters=[vpc, {"Name": "group-name", "Values": [
        "GuardDutyManagedSecurityGroup-" + vpc_id]}])["SecurityGroups"]
    group_ids = {g["GroupId"] for g in groups}
    endpoints = ec2.describe_vpc_endpoints(Filters=[vpc, {"Name": "service-name", "Values": [service_name]}])
    ids = [e["VpcEndpointId"] for e in endpoints["VpcEndpoints"]
           if e["State"].lower() not in ("deleting", "deleted")
           and ({g["GroupId"] for g in e.get("Groups", [])} & group_ids
                or {"Key": "GuardDutyManaged", "Value": "true"} in e.get("Tags", []))]
    LOG.info("GuardDuty endpoints %s, security groups %s", ids, sorted(group_ids))
    if ids:
        ec2.delete_vpc_endpoints(VpcEndpointIds=ids)
    while True:
        try:
            if ids:
                left = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-endpoint-id", "Values": ids}])
                if any(e["State"].lower() != "deleted" for e in left["VpcEndpoints"]):
                    raise RuntimeError("endpoints %s are still being deleted" % ids)
            for group_id in sorted(group_ids):
                ec2.delete_security_group(GroupId=group_id)
                group_ids.discard(group_id)
            return
        except Exception as e:  # network interfaces take a while to go away
            if context.get_remaining_time_in_millis() < 60000:
                raise
            LOG.info("Waiting: %s", e)
            time.sleep(15)


def handler(event, context):
    props = event.get("ResourceProperties", {})
    physical = "guardduty-endpoint-cleanup:" + props.get("VpcId", "unknown")
    try:
        if event["RequestType"] == "Delete":
            clean(props["VpcId"], props["ServiceName"], context)
        respond(event, "SUCCESS", "OK", physical)
    except Exception as e:
        LOG.exception("Cleanup failed")
        respond(event, "FAILED", "%s: %s. Delete the GuardDuty endpoint and security group in VPC %s by hand, "
                "then retry." % (type(e).__name__, e, props.get("VpcId")), physical)
