"""Listener and change-set states of a CodeDeploy blue/green ECS service, as the AWS APIs return them (moto).

Prints one JSON object: the describe-listeners output of the production listener before any release, after the first
release (CodeDeploy forwards to green with weight 100 and keeps blue at weight 0) and after the second (back to blue),
and the two target group ARNs; and the describe-rules output of a native stage's production rule (weighted forward,
as ECS re-weights it) with production on blue only, in the middle of a canary and on green only. (moto's change sets
list every resource as "Add", so the change-set side of the guard is tested with documented DescribeChangeSet output
instead.)
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


def weighted(first, second, first_weight=100):
    return [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": first, "Weight": first_weight}, {"TargetGroupArn": second, "Weight": 100 - first_weight}]}}]


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

    # A native stage's production rule: blue 100 / green 0 as the template writes it, then as ECS re-weights it.
    rule = elb.create_rule(ListenerArn=listener, Priority=1, Actions=weighted(blue, green),
                           Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*"]}}],
                           )["Rules"][0]["RuleArn"]

    def rules():
        out = elb.describe_rules(RuleArns=[rule])
        out.pop("ResponseMetadata", None)
        return out

    result["ruleOnBlue"] = rules()
    elb.modify_rule(RuleArn=rule, Actions=weighted(blue, green, 90))
    result["ruleInCanary"] = rules()
    elb.modify_rule(RuleArn=rule, Actions=weighted(blue, green, 0))
    result["ruleOnGreen"] = rules()
    print(json.dumps(result, default=str))
