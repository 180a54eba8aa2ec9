"""The EventBridge patterns RuntimeMonitoring synthesizes (written by HandlersAgainstMotoTest before it runs pytest)
against moto's EventBridge: GuardDuty events are put on a bus, the rules deliver matches to an SQS queue. Then the
isolation path end to end: a finding event in, through the isolation rule, to the function, the task contained."""
import json
import os

import boto3
import pytest

from conftest import ACCOUNT, REGION
from test_isolate_task import deny_entries, eni, fargate  # noqa: F401 - fixture

PATTERNS = os.environ.get("GUARDDUTY_PATTERNS")


@pytest.fixture(scope="module")
def patterns():
    assert PATTERNS and os.path.exists(PATTERNS), (
        "GUARDDUTY_PATTERNS names no file: run these tests through `mvn -B verify` (HandlersAgainstMotoTest "
        "synthesizes the patterns first)")
    with open(PATTERNS) as f:
        loaded = json.load(f)
    assert loaded["account"] == ACCOUNT
    return loaded


@pytest.fixture
def bus(aws, patterns):
    """One rule per synthesized pattern, each delivering to its own queue; returns put(detail) -> matched rules."""
    events, sqs = boto3.client("events"), boto3.client("sqs")
    queues = {}
    for name in ("finding", "attackSequence", "isolation", "coverageUnhealthy"):
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name=name, EventPattern=json.dumps(patterns[name]))
        events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn}])
        queues[name] = url

    def put(detail, detail_type="GuardDuty Finding"):
        result = events.put_events(Entries=[{"Source": "aws.guardduty", "DetailType": detail_type,
                                             "Detail": json.dumps(detail)}])
        assert result["FailedEntryCount"] == 0
        matched = {}
        for name, url in queues.items():
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
            if messages:
                matched[name] = json.loads(messages[0]["Body"])
        return matched

    return put


def ecs_finding(cluster, severity, task=None, finding_type="Execution:Runtime/ReverseShell"):
    details = {"name": cluster, "arn": "arn:aws:ecs:%s:%s:cluster/%s" % (REGION, ACCOUNT, cluster)}
    if task:
        details["taskDetails"] = {"arn": task}
    return {"id": "f-1", "type": finding_type, "severity": severity, "title": "t",
            "resource": {"resourceType": "ECSCluster", "ecsClusterDetails": details}}


def attack_sequence(cluster, severity=9.5, with_name=True):
    resource = {"uid": "arn:aws:ecs:%s:%s:cluster/%s" % (REGION, ACCOUNT, cluster), "resourceType": "ECS_CLUSTER"}
    if with_name:
        resource["name"] = cluster
    return {"id": "as-1", "type": "AttackSequence:ECS/CompromisedCluster", "severity": severity, "title": "t",
            "resource": {"resourceType": "AttackSequence"},
            "service": {"detection": {"sequence": {"uid": "seq", "resources": [
                {"uid": "arn:aws:iam::%s:role/app" % ACCOUNT, "resourceType": "ACCESS_KEY", "name": "app"},
                resource]}}}}


class TestFindingRules:
    def test_medium_findings_about_the_cluster_are_notified_but_not_isolated(self, bus, patterns):
        assert set(bus(ecs_finding(patterns["clusterName"], 5, task="arn:task"))) == {"finding"}

    def test_high_findings_about_a_task_of_the_cluster_are_notified_and_isolated(self, bus, patterns):
        assert set(bus(ecs_finding(patterns["clusterName"], 8, task="arn:task"))) == {"finding", "isolation"}

    def test_critical_findings_up_to_10_are_routed(self, bus, patterns):
        assert set(bus(ecs_finding(patterns["clusterName"], 10, task="arn:task"))) == {"finding", "isolation"}

    def test_findings_without_a_task_are_not_sent_to_isolation(self, bus, patterns):
        assert set(bus(ecs_finding(patterns["clusterName"], 8))) == {"finding"}

    def test_findings_about_other_clusters_match_nothing(self, bus):
        assert bus(ecs_finding("other", 9, task="arn:task")) == {}


class TestAttackSequences:
    def test_an_ecs_attack_sequence_involving_the_cluster_is_notified_and_not_isolated(self, bus, patterns):
        assert set(bus(attack_sequence(patterns["clusterName"]))) == {"attackSequence"}

    def test_an_attack_sequence_naming_the_cluster_only_by_arn_is_notified(self, bus, patterns):
        assert set(bus(attack_sequence(patterns["clusterName"], with_name=False))) == {"attackSequence"}

    def test_an_attack_sequence_below_the_threshold_is_not_notified(self, bus, patterns):
        assert bus(attack_sequence(patterns["clusterName"], severity=2)) == {}

    def test_an_attack_sequence_involving_another_cluster_matches_nothing(self, bus):
        assert bus(attack_sequence("other")) == {}


class TestCoverage:
    def test_unhealthy_coverage_of_the_cluster_is_notified(self, bus, patterns):
        detail = {"resourceDetails": {"resourceType": "ECS", "ecsClusterDetails": {
            "clusterName": patterns["clusterName"], "fargateDetails": {"issues": ["x"], "managementType": "DISABLED"}}}}
        assert set(bus(detail, "GuardDuty Runtime Protection Unhealthy")) == {"coverageUnhealthy"}


class TestIsolationEndToEnd:
    @pytest.fixture
    def monitored(self, aws, requester_managed, patterns):
        """The fixture cluster of test_isolate_task is named 'monitored', as the synthesized one."""
        assert patterns["clusterName"] == "monitored"

    def test_finding_event_in_task_contained_and_a_redelivery_harmless(self, bus, patterns, monitored, fargate,
                                                                        load, context):
        handler = load("isolate_task.py", env={"CLUSTER_NAME": "monitored", "CLUSTER_ARN": fargate["cluster"],
                                               "VPC_ID": fargate["vpc"]})
        detail = ecs_finding("monitored", 8.5, task=fargate["task"])
        detail["resource"]["ecsClusterDetails"]["arn"] = fargate["cluster"]
        delivered = bus(detail)["isolation"]
        handler.handler(delivered, context)
        address = eni(fargate)["PrivateIpAddress"]
        entries = deny_entries(fargate["vpc"], address)
        assert len(entries) == 2 * len(fargate["acls"])
        handler.handler(bus(detail)["isolation"], context)  # EventBridge delivers at least once
        assert deny_entries(fargate["vpc"], address) == entries
