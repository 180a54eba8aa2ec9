# EventBridge target: isolates the ECS task named in a GuardDuty finding by moving its network interfaces to a
# deny-all security group. The task keeps running so that it can be investigated.
import json, logging, os
import boto3

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)


def handler(event, context):
    detail = event["detail"]
    cluster = detail["resource"]["ecsClusterDetails"]
    if cluster.get("name") != os.environ["CLUSTER_NAME"]:
        LOG.warning("Finding %s is about cluster %s, not %s: ignored", detail.get("id"), cluster.get("name"),
                    os.environ["CLUSTER_NAME"])
        return {"isolated": []}
    task_arn = cluster["taskDetails"]["arn"]
    ecs, ec2 = boto3.client("ecs"), boto3.client("ec2")
    tasks = ecs.describe_tasks(cluster=os.environ["CLUSTER_ARN"], tasks=[task_arn])["tasks"]
    if not tasks:
        raise RuntimeError("Task %s of finding %s not found (already stopped?)" % (task_arn, detail.get("id")))
    eni_ids = [d["value"] for a in tasks[0].get("attachments", []) if a.get("type") == "ElasticNetworkInterface"
               for d in a.get("details", []) if d.get("name") == "networkInterfaceId"]
    isolated = []
    for eni_id in eni_ids:
        eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
        previous = " ".join(g["GroupId"] for g in eni.get("Groups", []))
        ec2.create_tags(Resources=[eni_id], Tags=[
            {"Key": "GuardDutyIsolatedByFinding", "Value": str(detail.get("id"))[:256]},
            {"Key": "GuardDutyPreviousSecurityGroups", "Value": previous[:256]}])
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id,
                                               Groups=[os.environ["ISOLATION_SECURITY_GROUP_ID"]])
        isolated.append({"networkInterfaceId": eni_id, "previousSecurityGroups": previous})
    LOG.info(json.dumps({"finding": detail.get("id"), "type": detail.get("type"), "task": task_arn,
                         "isolated": isolated}))
    if not isolated:
        raise RuntimeError("Task %s has no network interface to isolate" % task_arn)
    return {"isolated": isolated}
