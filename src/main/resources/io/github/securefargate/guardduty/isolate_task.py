# EventBridge target: contains the ECS task named in a GuardDuty finding. The task keeps running so that it can be
# investigated.
#
# A Fargate task's network interface is requester-managed (created and owned by ECS): the EC2 guide says its tags can be
# changed, but not its other attributes, so its security groups cannot be swapped
# (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html; the ECS guide: the task's interface
# "is fully managed by Amazon ECS", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html).
# The function therefore quarantines the task's private IP addresses in the VPC's network ACLs: a deny entry for
# <ip>/32 (and <ipv6>/128) in each direction of every network ACL of the VPC, ahead of the allow rules. Network ACLs filter traffic at
# subnet boundaries and are stateless, so open connections are cut too
# (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html). Traffic inside the task's own subnet, to the
# VPC's DNS resolver, to gateway endpoints and to the task's credential endpoint is not filtered by network ACLs.
#
# Idempotent: an interface already tagged GuardDutyIsolatedByFinding is left as it is (the first finding's record
# stays); existing deny entries for the address are reused. The record tag names the rule numbers per address and
# direction ("10.0.1.5/32 in 1 out 1"), which are the same in every network ACL of the VPC. Tags are written only after every entry exists. Any
# failure raises, so that Lambda retries and then sends the event to the dead-letter queue, whose alarm notifies.
import json, logging, os
import boto3

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)
ISOLATION_TAG = "GuardDutyIsolatedByFinding"
RECORD_TAG = "GuardDutyIsolationNetworkAclEntries"
# Rule numbers used for quarantine entries: below 100, where the default network ACL and CDK place their allow rules.
RULES = range(1, 100)


def quarantine(ec2, vpc_id, address):
    """Adds (or finds) deny entries for the address (IPv4 /32 or IPv6 /128) in both directions of every network ACL
    of the VPC, with one rule number free in all of them where possible; returns '<cidr> in <n> out <n>'."""
    ipv6 = ":" in address
    cidr, key = (address + "/128", "Ipv6CidrBlock") if ipv6 else (address + "/32", "CidrBlock")
    acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["NetworkAcls"]
    if not acls:
        raise RuntimeError("VPC %s has no network ACL to quarantine %s in" % (vpc_id, address))
    record = [cidr]
    for egress in (False, True):
        numbers, missing = set(), []
        for acl in acls:
            existing = [e for e in acl.get("Entries", []) if e["Egress"] == egress]
            found = [e["RuleNumber"] for e in existing
                     if e.get(key) == cidr and e["RuleAction"] == "deny" and e["Protocol"] == "-1"]
            if found:  # a previous run that failed before tagging: reuse
                numbers.add(found[0])
            else:
                missing.append((acl["NetworkAclId"], {e["RuleNumber"] for e in existing}))
        if missing:
            free = [n for n in RULES if all(n not in used for _, used in missing)]
            if not free:
                raise RuntimeError("Network ACLs %s have no common free rule number below 100 for quarantining %s"
                                   % (", ".join(acl for acl, _ in missing), address))
            for acl_id, _ in missing:
                ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=free[0], Protocol="-1",
                                             RuleAction="deny", Egress=egress, **{key: cidr})
            numbers.add(free[0])
        record += ["out" if egress else "in", ",".join(str(n) for n in sorted(numbers))]
    return " ".join(record)


def handler(event, context):
    detail = event["detail"]
    finding = str(detail.get("id"))
    cluster = detail.get("resource", {}).get("ecsClusterDetails", {})
    if cluster.get("arn") != os.environ["CLUSTER_ARN"] and cluster.get("name") != os.environ["CLUSTER_NAME"]:
        LOG.warning("Finding %s is about cluster %s, not %s: ignored", finding, cluster.get("name"),
                    os.environ["CLUSTER_NAME"])
        return {"isolated": []}
    task_arn = (cluster.get("taskDetails") or {}).get("arn")
    if not task_arn:
        raise RuntimeError("Finding %s names no task of cluster %s" % (finding, os.environ["CLUSTER_NAME"]))
    ecs, ec2 = boto3.client("ecs"), boto3.client("ec2")
    tasks = ecs.describe_tasks(cluster=os.environ["CLUSTER_ARN"], tasks=[task_arn])["tasks"]
    if not tasks or tasks[0].get("clusterArn") != os.environ["CLUSTER_ARN"]:
        raise RuntimeError("Task %s of finding %s is not a task of cluster %s (stopped?)"
                           % (task_arn, finding, os.environ["CLUSTER_ARN"]))
    eni_ids = [d["value"] for a in tasks[0].get("attachments", []) if a.get("type") == "ElasticNetworkInterface"
               for d in a.get("details", []) if d.get("name") == "networkInterfaceId"]
    if not eni_ids:
        raise RuntimeError("Task %s has no network interface to isolate" % task_arn)
    isolated = []
    for eni in ec2.describe_network_interfaces(NetworkInterfaceIds=eni_ids)["NetworkInterfaces"]:
        eni_id = eni["NetworkInterfaceId"]
        if eni["VpcId"] != os.environ["VPC_ID"]:
            raise RuntimeError("Network interface %s of task %s is in VPC %s, not %s"
                               % (eni_id, task_arn, eni["VpcId"], os.environ["VPC_ID"]))
        tags = {t["Key"]: t["Value"] for t in eni.get("TagSet", [])}
        if ISOLATION_TAG in tags:
            LOG.info("Network interface %s is already isolated (finding %s): unchanged", eni_id, tags[ISOLATION_TAG])
            isolated.append({"networkInterfaceId": eni_id, "entries": tags.get(RECORD_TAG, ""), "already": True})
            continue
        addresses = [eni["PrivateIpAddress"]] + [a["Ipv6Address"] for a in eni.get("Ipv6Addresses", [])]
        entries = "; ".join(quarantine(ec2, eni["VpcId"], address) for address in addresses)
        ec2.create_tags(Resources=[eni_id], Tags=[{"Key": ISOLATION_TAG, "Value": finding[:256]},
                                                  {"Key": RECORD_TAG, "Value": entries[:256]}])
        isolated.append({"networkInterfaceId": eni_id, "addresses": addresses, "entries": entries})
    LOG.info(json.dumps({"finding": finding, "type": detail.get("type"), "task": task_arn, "isolated": isolated}))
    return {"isolated": isolated}
