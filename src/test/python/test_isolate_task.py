"""isolate_task.py against moto, end to end: a Fargate task of the monitored cluster (with its ECS-managed network
interface), a finding event in, the task's address quarantined, a repeated event harmless."""
import boto3
import pytest

FINDING_TYPE = "Execution:Runtime/ReverseShell"


@pytest.fixture
def fargate(aws, requester_managed):
    """A VPC with two subnets (two network ACLs), a cluster, and one running Fargate task with an ECS-managed ENI."""
    ec2, ecs = boto3.client("ec2"), boto3.client("ecs")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    # moto creates the task's network interface attachment only when the VPC has DNS hostnames on.
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24")["Subnet"]["SubnetId"]
    custom_acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    association = [a for acl in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]
                   for a in acl.get("Associations", []) if a["SubnetId"] == public][0]
    ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"], NetworkAclId=custom_acl)
    service_sg = ec2.create_security_group(GroupName="service", Description="service", VpcId=vpc)["GroupId"]
    cluster = ecs.create_cluster(clusterName="monitored")["cluster"]["clusterArn"]
    ecs.register_task_definition(family="app", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                 cpu="256", memory="512",
                                 containerDefinitions=[{"name": "app", "image": "app:1", "memory": 256}])
    task = ecs.run_task(cluster="monitored", taskDefinition="app", launchType="FARGATE", networkConfiguration={
        "awsvpcConfiguration": {"subnets": [private], "securityGroups": [service_sg]}})["tasks"][0]
    eni = [d["value"] for a in task["attachments"] for d in a["details"] if d["name"] == "networkInterfaceId"][0]
    requester_managed(eni)
    return {"vpc": vpc, "cluster": cluster, "task": task["taskArn"], "eni": eni, "service_sg": service_sg,
            "acls": sorted(a["NetworkAclId"] for a in ec2.describe_network_acls(
                Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"])}


@pytest.fixture
def isolate(load, context, fargate):
    handler = load("isolate_task.py", env={"CLUSTER_NAME": "monitored", "CLUSTER_ARN": fargate["cluster"],
                                           "VPC_ID": fargate["vpc"]})
    return lambda event: handler.handler(event, context)


def finding(fargate, finding_id="f-1", cluster_name="monitored", cluster_arn=None, task=None):
    return {"version": "0", "source": "aws.guardduty", "detail-type": "GuardDuty Finding",
            "detail": {"id": finding_id, "type": FINDING_TYPE, "severity": 8,
                       "resource": {"resourceType": "ECSCluster", "ecsClusterDetails": {
                           "name": cluster_name, "arn": cluster_arn or fargate["cluster"],
                           "taskDetails": {"arn": task or fargate["task"]}}}}}


def deny_entries(vpc, address):
    ec2 = boto3.client("ec2")
    found = []
    for acl in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]:
        for e in acl["Entries"]:
            if e.get("CidrBlock") == address + "/32":
                found.append((acl["NetworkAclId"], e["Egress"], e["RuleAction"], e["Protocol"], e["RuleNumber"]))
    return sorted(found)


def eni(fargate):
    return boto3.client("ec2").describe_network_interfaces(NetworkInterfaceIds=[fargate["eni"]])["NetworkInterfaces"][0]


class TestIsolation:
    def test_quarantines_the_tasks_address_in_both_directions_of_every_network_acl_of_the_vpc(self, isolate,
                                                                                                fargate):
        result = isolate(finding(fargate))
        address = eni(fargate)["PrivateIpAddress"]
        entries = deny_entries(fargate["vpc"], address)
        assert [(acl, egress, action, proto) for acl, egress, action, proto, _ in entries] == sorted(
            (acl, egress, "deny", "-1") for acl in fargate["acls"] for egress in (False, True))
        assert all(number < 100 for *_, number in entries), "ahead of the allow rules (100)"
        assert result["isolated"][0]["networkInterfaceId"] == fargate["eni"]

    def test_quarantines_the_ipv6_address_of_a_dual_stack_task_too(self, isolate, fargate):
        ec2 = boto3.client("ec2")
        ec2.assign_ipv6_addresses(NetworkInterfaceId=fargate["eni"], Ipv6Addresses=["2001:db8::10"])
        isolate(finding(fargate))
        found = []
        for acl in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [fargate["vpc"]]}])["NetworkAcls"]:
            found += [(acl["NetworkAclId"], e["Egress"], e["RuleAction"]) for e in acl["Entries"]
                      if e.get("Ipv6CidrBlock") == "2001:db8::10/128"]
        assert sorted(found) == sorted((acl, egress, "deny") for acl in fargate["acls"] for egress in (False, True))
        tags = {t["Key"]: t["Value"] for t in eni(fargate)["TagSet"]}
        assert tags["GuardDutyIsolationNetworkAclEntries"].endswith("; 2001:db8::10/128 in 2 out 2")

    def test_does_not_try_to_change_the_security_groups_of_the_ecs_managed_interface(self, isolate, fargate, calls):
        isolate(finding(fargate))
        assert not [c for c, _ in calls if c == "ec2.ModifyNetworkInterfaceAttribute"]
        assert [g["GroupId"] for g in eni(fargate)["Groups"]] == [fargate["service_sg"]]

    def test_tags_the_interface_with_the_finding_and_the_entries_after_isolating(self, isolate, fargate, calls):
        isolate(finding(fargate))
        tags = {t["Key"]: t["Value"] for t in eni(fargate)["TagSet"]}
        assert tags["GuardDutyIsolatedByFinding"] == "f-1"
        address = eni(fargate)["PrivateIpAddress"]
        assert tags["GuardDutyIsolationNetworkAclEntries"] == "%s/32 in 1 out 1" % address
        names = [c for c, _ in calls if c in ("ec2.CreateNetworkAclEntry", "ec2.CreateTags")]
        assert names[-1] == "ec2.CreateTags" and names.index("ec2.CreateTags") == len(names) - 1

    def test_a_repeated_event_or_second_finding_keeps_the_first_record_and_adds_no_entries(self, isolate, fargate):
        isolate(finding(fargate, "f-1"))
        address = eni(fargate)["PrivateIpAddress"]
        first = deny_entries(fargate["vpc"], address)
        tags_first = eni(fargate)["TagSet"]
        again = isolate(finding(fargate, "f-1"))
        second_finding = isolate(finding(fargate, "f-2"))
        assert deny_entries(fargate["vpc"], address) == first
        assert sorted(eni(fargate)["TagSet"], key=str) == sorted(tags_first, key=str)
        assert again["isolated"][0]["already"] and second_finding["isolated"][0]["already"]

    def test_reuses_existing_deny_entries_when_a_previous_run_failed_before_tagging(self, isolate, fargate):
        isolate(finding(fargate))
        address = eni(fargate)["PrivateIpAddress"]
        first = deny_entries(fargate["vpc"], address)
        boto3.client("ec2").delete_tags(Resources=[fargate["eni"]], Tags=[{"Key": "GuardDutyIsolatedByFinding"}])
        isolate(finding(fargate, "f-3"))
        assert deny_entries(fargate["vpc"], address) == first

    def test_ignores_findings_about_other_clusters(self, isolate, fargate, calls):
        result = isolate(finding(fargate, cluster_name="other",
                                 cluster_arn="arn:aws:ecs:eu-west-1:123456789012:cluster/other"))
        assert result == {"isolated": []}
        assert not [c for c, _ in calls if c.startswith("ec2.Create")]

    def test_refuses_a_task_of_another_cluster_named_in_a_finding_about_this_one(self, isolate, fargate):
        ecs = boto3.client("ecs")
        ecs.create_cluster(clusterName="other")
        other = ecs.run_task(cluster="other", taskDefinition="app", launchType="FARGATE", networkConfiguration={
            "awsvpcConfiguration": {"subnets": [eni(fargate)["SubnetId"]], "securityGroups": [fargate["service_sg"]]}})["tasks"][0]["taskArn"]
        with pytest.raises(RuntimeError, match="not a task of cluster"):
            isolate(finding(fargate, task=other))

    def test_fails_when_the_task_is_unknown_so_that_the_event_reaches_the_dead_letter_queue(self, isolate, fargate):
        unknown = fargate["task"].rsplit("/", 1)[0] + "/" + "0" * 32
        with pytest.raises(RuntimeError, match="is not a task of cluster"):
            isolate(finding(fargate, task=unknown))

    def test_uses_one_rule_number_free_in_every_network_acl(self, isolate, fargate):
        ec2 = boto3.client("ec2")
        ec2.create_network_acl_entry(NetworkAclId=fargate["acls"][0], RuleNumber=1, Protocol="6",
                                     RuleAction="allow", Egress=False, CidrBlock="10.9.0.0/24",
                                     PortRange={"From": 443, "To": 443})
        isolate(finding(fargate))
        address = eni(fargate)["PrivateIpAddress"]
        assert {(egress, n) for _, egress, _, _, n in deny_entries(fargate["vpc"], address)} == {(False, 2), (True, 1)}
        tags = {t["Key"]: t["Value"] for t in eni(fargate)["TagSet"]}
        assert tags["GuardDutyIsolationNetworkAclEntries"] == "%s/32 in 2 out 1" % address

    def test_fails_when_a_network_acl_has_no_free_rule_number(self, isolate, fargate):
        ec2 = boto3.client("ec2")
        acl = fargate["acls"][0]
        for n in range(1, 100):
            ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=n, Protocol="6", RuleAction="allow",
                                         Egress=False, CidrBlock="10.9.%d.0/24" % n, PortRange={"From": 443, "To": 443})
        with pytest.raises(RuntimeError, match="no common free rule number"):
            isolate(finding(fargate))
        assert "GuardDutyIsolatedByFinding" not in {t["Key"] for t in eni(fargate).get("TagSet", [])}
