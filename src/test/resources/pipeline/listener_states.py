"""Listener and change-set states of a CodeDeploy blue/green ECS service, as the AWS APIs return them (moto).

Prints one JSON object: the describe-listeners output of the production listener before any release, after the first
release (CodeDeploy forwards to green with weight 100 and keeps blue at weight 0) and after the second (back to blue),
and the two target group ARNs. (moto's change sets list every resource as "Add", so the change-set side of the guard
is tested with documented DescribeChangeSet output instead.)
"""
import json
import os

# The script launches no instances: moto's default AMI catalogue (loaded per Region) is only start-up time.
os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")

import boto3  # noqa: E402 (moto reads its settings at import)
from moto import mock_aws  # noqa: E402

REGION = "eu-west-1"


def template(port):
    return json.dumps({
        "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
            "SubnetA": {"Type": "AWS::EC2::Subnet", "Properties": {
                "VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZone": REGION + "a"}},
            "SubnetB": {"Type": "AWS::EC2::Subnet", "Properties": {
                "VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": REGION + "b"}},
            "LB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
                "Subnets": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}]}},
            "BlueTG": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
                "VpcId": {"Ref": "Vpc"}, "Port": 8080, "Protocol": "HTTP", "TargetType": "ip"}},
            "GreenTG": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
                "VpcId": {"Ref": "Vpc"}, "Port": 8080, "Protocol": "HTTP", "TargetType": "ip"}},
            "ProdListener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "LoadBalancerArn": {"Ref": "LB"}, "Port": port, "Protocol": "HTTP",
                "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "BlueTG"}}]}},
        }
    })


def weighted(first, second):
    return [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": first, "Weight": 100}, {"TargetGroupArn": second, "Weight": 0}]}}]


with mock_aws():
    cfn = boto3.client("cloudformation", region_name=REGION)
    elb = boto3.client("elbv2", region_name=REGION)
    cfn.create_stack(StackName="Service", TemplateBody=template(80))
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                 for r in cfn.describe_stack_resources(StackName="Service")["StackResources"]}
    listener, blue, green = resources["ProdListener"], resources["BlueTG"], resources["GreenTG"]

    def listeners():
        out = elb.describe_listeners(ListenerArns=[listener])
        out.pop("ResponseMetadata", None)
        return out

    result = {"blue": blue, "green": green, "initial": listeners()}
    elb.modify_listener(ListenerArn=listener, DefaultActions=weighted(green, blue))
    result["afterFirstRelease"] = listeners()
    elb.modify_listener(ListenerArn=listener, DefaultActions=weighted(blue, green))
    result["afterSecondRelease"] = listeners()
    print(json.dumps(result, default=str))
