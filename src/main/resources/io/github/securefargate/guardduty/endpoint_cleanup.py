# Custom resource: on delete, removes the guardduty-data endpoint and the GuardDutyManagedSecurityGroup-<vpc-id>
# security group that GuardDuty created in the VPC, which would otherwise block deleting the VPC.
import logging, time
import boto3
from cfn_response import respond

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)


# Only resources tagged GuardDutyManaged=true, in this VPC, are deleted: GuardDuty's service-linked role creates and
# deletes its endpoint and security group under that tag
# (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonGuardDutyServiceRolePolicy.html), and the
# function's IAM policy allows the deletes only on resources with that tag (security groups: and in this VPC).
MANAGED = {"Key": "GuardDutyManaged", "Value": "true"}


def clean(vpc_id, service_name, context):
    ec2 = boto3.client("ec2")
    vpc = {"Name": "vpc-id", "Values": [vpc_id]}
    managed = {"Name": "tag:" + MANAGED["Key"], "Values": [MANAGED["Value"]]}
    groups = ec2.describe_security_groups(Filters=[vpc, managed, {"Name": "group-name", "Values": [
        "GuardDutyManagedSecurityGroup-" + vpc_id]}])["SecurityGroups"]
    group_ids = {g["GroupId"] for g in groups if g["VpcId"] == vpc_id and MANAGED in g.get("Tags", [])}
    endpoints = ec2.describe_vpc_endpoints(Filters=[vpc, managed, {"Name": "service-name", "Values": [service_name]}])
    ids = [e["VpcEndpointId"] for e in endpoints["VpcEndpoints"]
           if e["VpcId"] == vpc_id and e["ServiceName"] == service_name and MANAGED in e.get("Tags", [])
           and e["State"].lower() not in ("deleting", "deleted")]
    LOG.info("GuardDuty endpoints %s, security groups %s", ids, sorted(group_ids))
    if ids:
        ec2.delete_vpc_endpoints(VpcEndpointIds=ids)
    while True:
        try:
            if ids:
                # By id (VpcEndpointIds), not the vpc-endpoint-id filter; a deleted endpoint may be gone entirely.
                try:
                    left = ec2.describe_vpc_endpoints(VpcEndpointIds=ids)["VpcEndpoints"]
                except ec2.exceptions.ClientError as e:
                    if "NotFound" not in e.response["Error"]["Code"]:
                        raise
                    left = []
                if any(e["State"].lower() != "deleted" for e in left):
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
