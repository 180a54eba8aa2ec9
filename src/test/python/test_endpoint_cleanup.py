"""endpoint_cleanup.py (Custom::GuardDutyEndpointCleanup) against moto: it deletes, on stack delete, only the
guardduty-data endpoint and security group that GuardDuty created (tag GuardDutyManaged=true) in this VPC."""
import types

import boto3
import pytest

from conftest import REGION, cfn_event

SERVICE = "com.amazonaws.%s.guardduty-data" % REGION
MANAGED = [{"Key": "GuardDutyManaged", "Value": "true"}]


@pytest.fixture
def vpcs(aws):
    ec2 = boto3.client("ec2")

    def vpc(cidr):
        vpc_id = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr.replace("0.0/16", "1.0/24"))["Subnet"]["SubnetId"]
        return vpc_id, subnet

    return vpc("10.0.0.0/16"), vpc("10.1.0.0/16")


def guardduty_endpoint(vpc_id, subnet, tagged=True, name=None):
    ec2 = boto3.client("ec2")
    tags = MANAGED if tagged else [{"Key": "Owner", "Value": "someone"}]
    group = ec2.create_security_group(GroupName=name or "GuardDutyManagedSecurityGroup-" + vpc_id,
                                      Description="GuardDuty", VpcId=vpc_id,
                                      TagSpecifications=[{"ResourceType": "security-group", "Tags": tags}])["GroupId"]
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc_id, ServiceName=SERVICE, VpcEndpointType="Interface",
                                       SubnetIds=[subnet], SecurityGroupIds=[group],
                                       TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": tags}])
    return endpoint["VpcEndpoint"]["VpcEndpointId"], group


def live_endpoints():
    return {e["VpcEndpointId"] for e in boto3.client("ec2").describe_vpc_endpoints()["VpcEndpoints"]
            if e["State"].lower() != "deleted"}


def groups():
    return {g["GroupId"] for g in boto3.client("ec2").describe_security_groups()["SecurityGroups"]}


@pytest.fixture
def run(load, context, response_url):
    handler = load("endpoint_cleanup.py")
    handler.time = types.SimpleNamespace(sleep=context.sleep)  # waits use the context's virtual clock

    def _run(request, vpc_id):
        handler.handler(cfn_event(response_url, request, {"VpcId": vpc_id, "ServiceName": SERVICE},
                                  physical=None if request == "Create" else "guardduty-endpoint-cleanup:" + vpc_id,
                                  logical="ManagedEndpointCleanup"), context)
        return response_url.last()

    return _run


def test_create_and_update_change_nothing(run, vpcs):
    (vpc, subnet), _ = vpcs
    endpoint, group = guardduty_endpoint(vpc, subnet)
    for request in ("Create", "Update"):
        response = run(request, vpc)
        assert response["Status"] == "SUCCESS"
        assert response["PhysicalResourceId"] == "guardduty-endpoint-cleanup:" + vpc
    assert endpoint in live_endpoints() and group in groups()


def test_delete_removes_guarddutys_endpoint_and_security_group_in_this_vpc_only(run, vpcs):
    (vpc, subnet), (other_vpc, other_subnet) = vpcs
    endpoint, group = guardduty_endpoint(vpc, subnet)
    other_endpoint, other_group = guardduty_endpoint(other_vpc, other_subnet)
    response = run("Delete", vpc)
    assert response["Status"] == "SUCCESS", response["Reason"]
    assert endpoint not in live_endpoints() and group not in groups()
    assert other_endpoint in live_endpoints() and other_group in groups()


def test_delete_keeps_untagged_endpoints_even_with_guarddutys_security_group_name(run, vpcs):
    (vpc, subnet), _ = vpcs
    endpoint, group = guardduty_endpoint(vpc, subnet, tagged=False)
    response = run("Delete", vpc)
    assert response["Status"] == "SUCCESS", response["Reason"]
    assert endpoint in live_endpoints() and group in groups()


def test_delete_with_nothing_to_clean_succeeds(run, vpcs):
    (vpc, _), _ = vpcs
    assert run("Delete", vpc)["Status"] == "SUCCESS"


def test_delete_failure_is_reported_with_what_to_do_by_hand(run, vpcs, aws):
    (vpc, subnet), _ = vpcs
    guardduty_endpoint(vpc, subnet)

    def refuse(params, **kwargs):
        raise RuntimeError("UnauthorizedOperation")

    aws.events.register("before-call.ec2.DeleteVpcEndpoints", lambda params, **kw: refuse(params))
    response = run("Delete", vpc)
    assert response["Status"] == "FAILED"
    assert "Delete the GuardDuty endpoint and security group in VPC %s by hand" % vpc in response["Reason"]
