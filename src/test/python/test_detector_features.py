"""detector_features.py (Custom::GuardDutyRuntimeMonitoring) against moto: create, update, delete and failure paths,
organization member accounts, and detector ownership shared by several stacks."""
import json

import boto3
import pytest

from conftest import ACCOUNT, REGION, cfn_event

PATH = "/securefargate/guardduty-runtime-monitoring"


def props(agent="DISABLED", action="ENABLE", restore="true"):
    return {"Action": action, "AgentManagement": agent, "RestoreOnDelete": restore, "Account": ACCOUNT,
            "Region": REGION, "OwnerParameterPath": PATH}


def detector(rm=None, agent=None):
    gd = boto3.client("guardduty")
    features = []
    if rm:
        feature = {"Name": "RUNTIME_MONITORING", "Status": rm}
        if agent:
            feature["AdditionalConfiguration"] = [{"Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": agent}]
        features.append(feature)
    return gd.create_detector(Enable=True, Features=features)["DetectorId"]


def settings(detector_id):
    rm, agent, others = "DISABLED", "DISABLED", {}
    for f in boto3.client("guardduty").get_detector(DetectorId=detector_id).get("Features", []):
        if f["Name"] == "RUNTIME_MONITORING":
            rm = f["Status"]
            for c in f.get("AdditionalConfiguration", []):
                if c["Name"] == "ECS_FARGATE_AGENT_MANAGEMENT":
                    agent = c["Status"]
                else:
                    others[c["Name"]] = c["Status"]
    return rm, agent, others


@pytest.fixture
def run(aws, load, context, response_url):
    handler = load("detector_features.py")

    def _run(request, properties, physical=None, stack="Stack1", request_id="req-1"):
        handler.handler(cfn_event(response_url, request, properties, physical, stack=stack, request_id=request_id),
                        context)
        return response_url.last()

    return _run


def updates(calls):
    return [params for name, params in calls if name == "guardduty.UpdateDetector"]


class TestCreate:
    def test_selected_clusters_turns_runtime_monitoring_on_with_agent_management_explicitly_off(self, run, calls):
        det = detector()
        response = run("Create", props("DISABLED"))
        assert response["Status"] == "SUCCESS", response["Reason"]
        assert response["PhysicalResourceId"].startswith("owner:")
        assert settings(det)[:2] == ("ENABLED", "DISABLED")
        assert updates(calls)[0]["Features"] == [{"Name": "RUNTIME_MONITORING", "Status": "ENABLED",
                                                  "AdditionalConfiguration": [{"Name": "ECS_FARGATE_AGENT_MANAGEMENT",
                                                                               "Status": "DISABLED"}]}]

    def test_account_wide_turns_agent_management_on_and_leaves_other_agent_settings_alone(self, run):
        det = boto3.client("guardduty").create_detector(Enable=True, Features=[{
            "Name": "RUNTIME_MONITORING", "Status": "DISABLED",
            "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}]}])["DetectorId"]
        assert run("Create", props("ENABLED"))["Status"] == "SUCCESS"
        assert settings(det) == ("ENABLED", "ENABLED", {"EKS_ADDON_MANAGEMENT": "ENABLED"})

    def test_records_the_previous_state_as_baseline_and_this_stack_as_owner(self, run):
        detector("DISABLED", "DISABLED")
        response = run("Create", props("ENABLED"))
        ssm = boto3.client("ssm")
        baseline = json.loads(ssm.get_parameter(Name=PATH + "/baseline")["Parameter"]["Value"])
        assert (baseline["rm"], baseline["agent"]) == ("DISABLED", "DISABLED")
        owner = response["PhysicalResourceId"][len("owner:"):]
        record = json.loads(ssm.get_parameter(Name=PATH + "/owners/" + owner)["Parameter"]["Value"])
        assert record["agent"] == "ENABLED" and record["stack"].endswith("stack/Stack1/0f0e0d0c")

    def test_fails_clearly_when_the_account_has_no_detector_and_leaves_a_no_op_physical_id(self, run):
        response = run("Create", props())
        assert response["Status"] == "FAILED"
        assert "No GuardDuty detector exists in account %s, Region %s" % (ACCOUNT, REGION) in response["Reason"]
        assert response["PhysicalResourceId"] == "failed:req-1"

    def test_sends_the_exact_cloudformation_response_fields(self, run):
        detector()
        response = run("Create", props())
        assert set(response) == {"Status", "Reason", "PhysicalResourceId", "StackId", "RequestId",
                                 "LogicalResourceId", "Data"}
        assert response["RequestId"] == "req-1" and response["LogicalResourceId"] == "DetectorSettings"
        assert response["Data"]["DetectorId"]


class TestRefusedUpdate:
    """Item 1: a refused UpdateDetector must not leave the stack in ROLLBACK_FAILED."""

    def test_failed_create_returns_a_physical_id_whose_rollback_delete_changes_nothing(self, run, member_of, calls,
                                                                                       monkeypatch):
        det = detector("DISABLED", "DISABLED")
        from moto.guardduty import models

        def refuse(self, *args, **kwargs):
            from moto.guardduty.exceptions import GuardDutyException
            error = GuardDutyException("AccessDeniedException", "not authorized to perform UpdateDetector")
            error.code = 403
            raise error

        monkeypatch.setattr(models.GuardDutyBackend, "update_detector", refuse)
        created = run("Create", props("ENABLED"))
        assert created["Status"] == "FAILED"
        assert "AccessDenied" in created["Reason"]
        before = len(updates(calls))
        rollback = run("Delete", props("ENABLED"), physical=created["PhysicalResourceId"], request_id="req-2")
        assert rollback["Status"] == "SUCCESS", rollback["Reason"]
        assert len(updates(calls)) == before, "the rollback's Delete must not call UpdateDetector again"
        assert settings(det)[:2] == ("DISABLED", "DISABLED")
        assert boto3.client("ssm").get_parameters_by_path(Path=PATH, Recursive=True)["Parameters"] == []


    def test_failed_update_keeps_the_physical_id_so_that_the_rollback_update_finds_its_owner(self, run,
                                                                                             monkeypatch):
        det = detector("DISABLED", "DISABLED")
        created = run("Create", props("DISABLED"))
        from moto.guardduty import models

        def refuse(self, *args, **kwargs):
            from moto.guardduty.exceptions import GuardDutyException
            error = GuardDutyException("BadRequestException", "The request is rejected: try again")
            error.code = 400
            raise error

        with monkeypatch.context() as m:
            m.setattr(models.GuardDutyBackend, "update_detector", refuse)
            failed = run("Update", props("ENABLED"), physical=created["PhysicalResourceId"], request_id="req-2")
        assert failed["Status"] == "FAILED"
        assert failed["PhysicalResourceId"] == created["PhysicalResourceId"]
        rollback = run("Update", props("DISABLED"), physical=created["PhysicalResourceId"], request_id="req-3")
        assert rollback["Status"] == "SUCCESS" and rollback["PhysicalResourceId"] == created["PhysicalResourceId"]
        assert settings(det)[:2] == ("ENABLED", "DISABLED")


class TestOrganizationMember:
    """Item 2: only the delegated administrator may change Runtime Monitoring of a member account."""

    def test_fails_before_changing_anything_and_says_to_use_managed_elsewhere(self, run, member_of, calls):
        det = detector("DISABLED", "DISABLED")
        member_of("999999999999")
        response = run("Create", props("DISABLED"))
        assert response["Status"] == "FAILED"
        assert "administrator account 999999999999" in response["Reason"]
        assert "MonitoringMode.MANAGED_ELSEWHERE" in response["Reason"]
        assert updates(calls) == [], "nothing may be changed in a member account"
        assert response["PhysicalResourceId"] == "failed:req-1"
        assert run("Delete", props(), physical=response["PhysicalResourceId"])["Status"] == "SUCCESS"
        assert settings(det)[:2] == ("DISABLED", "DISABLED")

    def test_verify_works_in_a_member_account(self, run, member_of):
        detector("ENABLED", "DISABLED")
        member_of("999999999999")
        response = run("Create", props("", action="VERIFY"))
        assert response["Status"] == "SUCCESS", response["Reason"]
        assert response["PhysicalResourceId"].startswith("verify:")

    def test_delete_after_the_account_joined_an_organization_leaves_the_detector_to_the_administrator(self, run,
                                                                                                     member_of):
        det = detector("DISABLED", "DISABLED")
        created = run("Create", props("ENABLED"))
        member_of("999999999999")
        response = run("Delete", props("ENABLED"), physical=created["PhysicalResourceId"])
        assert response["Status"] == "SUCCESS", response["Reason"]
        assert settings(det)[:2] == ("ENABLED", "ENABLED")


class TestModes:
    """Item 4: every mode states the agent setting it needs; restore puts back what was there."""

    def test_switching_from_account_wide_to_selected_clusters_turns_agent_management_off(self, run):
        det = detector("DISABLED", "DISABLED")
        created = run("Create", props("ENABLED"))
        assert settings(det)[:2] == ("ENABLED", "ENABLED")
        updated = run("Update", props("DISABLED"), physical=created["PhysicalResourceId"])
        assert updated["Status"] == "SUCCESS", updated["Reason"]
        assert updated["PhysicalResourceId"] == created["PhysicalResourceId"]
        assert settings(det)[:2] == ("ENABLED", "DISABLED")

    def test_restore_after_a_mode_switch_puts_back_the_state_before_the_first_deployment(self, run):
        det = detector("DISABLED", "DISABLED")
        created = run("Create", props("DISABLED"))
        run("Update", props("ENABLED"), physical=created["PhysicalResourceId"])
        assert settings(det)[:2] == ("ENABLED", "ENABLED")
        assert run("Delete", props("ENABLED"), physical=created["PhysicalResourceId"])["Status"] == "SUCCESS"
        assert settings(det)[:2] == ("DISABLED", "DISABLED")

    def test_selected_clusters_keeps_agent_management_that_was_already_on_account_wide(self, run):
        det = detector("ENABLED", "ENABLED")
        created = run("Create", props("DISABLED"))
        assert settings(det)[:2] == ("ENABLED", "ENABLED")
        run("Delete", props("DISABLED"), physical=created["PhysicalResourceId"])
        assert settings(det)[:2] == ("ENABLED", "ENABLED")

    def test_delete_without_restore_changes_nothing(self, run, calls):
        det = detector("DISABLED", "DISABLED")
        created = run("Create", props("ENABLED", restore="false"))
        before = len(updates(calls))
        assert run("Delete", props("ENABLED", restore="false"),
                   physical=created["PhysicalResourceId"])["Status"] == "SUCCESS"
        assert len(updates(calls)) == before
        assert settings(det)[:2] == ("ENABLED", "ENABLED")

    def test_update_from_an_earlier_version_keeps_its_recorded_state_for_the_restore(self, run):
        det = detector("ENABLED", "ENABLED")  # the earlier version had enabled both; it recorded DISABLED/DISABLED
        legacy = "restore:%s:DISABLED:DISABLED" % det
        updated = run("Update", props("ENABLED"), physical=legacy)
        assert updated["Status"] == "SUCCESS" and updated["PhysicalResourceId"].startswith("owner:")
        # CloudFormation deletes the old physical id after the replacement: a no-op.
        assert run("Delete", props("ENABLED"), physical=legacy)["Status"] == "SUCCESS"
        assert settings(det)[:2] == ("ENABLED", "ENABLED")
        run("Delete", props("ENABLED"), physical=updated["PhysicalResourceId"])
        assert settings(det)[:2] == ("DISABLED", "DISABLED")

    def test_delete_of_an_earlier_versions_id_with_its_old_properties_changes_nothing(self, run, calls):
        det = detector("ENABLED", "ENABLED")
        old = {"Action": "ENABLE", "AgentManagement": "ENABLED", "RestoreOnDelete": "true", "Account": ACCOUNT,
               "Region": REGION}
        response = run("Delete", old, physical="restore:%s:DISABLED:DISABLED" % det)
        assert response["Status"] == "SUCCESS", response["Reason"]
        assert updates(calls) == []
        assert settings(det)[:2] == ("ENABLED", "ENABLED")


class TestVerify:
    def test_fails_without_changing_anything_when_runtime_monitoring_is_off(self, run, calls):
        detector("DISABLED", "DISABLED")
        response = run("Create", props("", action="VERIFY"))
        assert response["Status"] == "FAILED"
        assert "RUNTIME_MONITORING DISABLED" in response["Reason"]
        assert updates(calls) == []
        assert run("Delete", props("", action="VERIFY"), physical=response["PhysicalResourceId"])["Status"] == "SUCCESS"


class TestSeveralStacks:
    """Item 3: deleting one stack never disables monitoring another stack still relies on."""

    def test_an_owner_recorded_meanwhile_by_a_concurrent_deployment_is_honoured(self, run, monkeypatch):
        det = detector("DISABLED", "DISABLED")
        import json as _json
        ssm = boto3.client("ssm")
        from moto.ssm import models
        original = models.SimpleSystemManagerBackend.put_parameter
        injected = []

        def put(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            name = kwargs.get("name", args[0] if args else "")
            if name.endswith("/baseline") and not injected:  # another stack records itself right now
                injected.append(True)
                original(self, PATH + "/owners/concurrent", "", _json.dumps({"agent": "ENABLED", "stack": "B"}),
                         "String", None, None, True, [], "text", None, None)
            return result

        monkeypatch.setattr(models.SimpleSystemManagerBackend, "put_parameter", put)
        assert run("Create", props("DISABLED"), stack="A")["Status"] == "SUCCESS"
        assert injected
        assert settings(det)[:2] == ("ENABLED", "ENABLED")
        assert ssm.get_parameter(Name=PATH + "/owners/concurrent")["Parameter"]["Value"]

    @pytest.mark.parametrize("first_deleted", ["A", "B"])
    def test_two_selected_clusters_stacks_deleted_in_either_order(self, run, first_deleted):
        det = detector("DISABLED", "DISABLED")
        a = run("Create", props("DISABLED"), stack="A")["PhysicalResourceId"]
        b = run("Create", props("DISABLED"), stack="B")["PhysicalResourceId"]
        assert a != b
        ids = {"A": a, "B": b}
        second = "B" if first_deleted == "A" else "A"
        assert run("Delete", props("DISABLED"), physical=ids[first_deleted], stack=first_deleted)["Status"] == "SUCCESS"
        assert settings(det)[:2] == ("ENABLED", "DISABLED"), "the other stack's cluster must stay monitored"
        assert run("Delete", props("DISABLED"), physical=ids[second], stack=second)["Status"] == "SUCCESS"
        assert settings(det)[:2] == ("DISABLED", "DISABLED"), "the last stack restores the state before the first"

    @pytest.mark.parametrize("first_deleted", ["AccountWide", "Selected"])
    def test_account_wide_and_selected_clusters_stacks_deleted_in_either_order(self, run, first_deleted):
        det = detector("DISABLED", "DISABLED")
        ids = {"AccountWide": run("Create", props("ENABLED"), stack="AccountWide")["PhysicalResourceId"],
               "Selected": run("Create", props("DISABLED"), stack="Selected")["PhysicalResourceId"]}
        assert settings(det)[:2] == ("ENABLED", "ENABLED"), "a selected-clusters stack must not switch agents off"
        run("Delete", props(), physical=ids[first_deleted], stack=first_deleted)
        if first_deleted == "AccountWide":
            assert settings(det)[:2] == ("ENABLED", "DISABLED"), "the tagged cluster stays monitored"
        else:
            assert settings(det)[:2] == ("ENABLED", "ENABLED")
        second = "Selected" if first_deleted == "AccountWide" else "AccountWide"
        run("Delete", props(), physical=ids[second], stack=second)
        assert settings(det)[:2] == ("DISABLED", "DISABLED")
