package io.github.securefargate.guardduty;

import static io.github.securefargate.guardduty.RuntimeMonitoring.DETECTOR_READ_ACTIONS;
import static io.github.securefargate.guardduty.RuntimeMonitoring.DETECTOR_RESOURCE_TYPE;
import static io.github.securefargate.guardduty.RuntimeMonitoring.FEATURE_FARGATE_AGENT_MANAGEMENT;
import static io.github.securefargate.guardduty.RuntimeMonitoring.FEATURE_RUNTIME_MONITORING;
import static io.github.securefargate.guardduty.RuntimeMonitoring.OWNER_PARAMETER_ACTIONS;
import static io.github.securefargate.guardduty.RuntimeMonitoring.OWNER_PARAMETER_PATH;

import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.guardduty.CfnDetector;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;

/**
 * The detector side of {@link RuntimeMonitoring} ({@link DetectorSetup}): a new {@code AWS::GuardDuty::Detector}, or the
 * custom resource that enables or verifies Runtime Monitoring on the account's existing detector
 * ({@code detector_features.py}).
 */
final class DetectorSettings {
    private DetectorSettings() {}

    /** @return the retained detector with the Runtime Monitoring features, created in the owner's scope */
    static CfnDetector createDetector(final RuntimeMonitoring owner, final MonitoringMode mode) {
        CfnDetector created = CfnDetector.Builder.create(owner, "Detector")
                .enable(true)
                .features(List.of(CfnDetector.CFNFeatureConfigurationProperty.builder()
                        .name(FEATURE_RUNTIME_MONITORING)
                        .status("ENABLED")
                        .additionalConfiguration(List.of(CfnDetector.CFNFeatureAdditionalConfigurationProperty.builder()
                                .name(FEATURE_FARGATE_AGENT_MANAGEMENT)
                                .status(mode == MonitoringMode.ACCOUNT_WIDE ? "ENABLED" : "DISABLED")
                                .build()))
                        .build()))
                .build();
        // Findings are evidence: keep the detector when the stack goes.
        created.applyRemovalPolicy(RemovalPolicy.RETAIN);
        return created;
    }

    /**
     * @return the custom resource (and its function) that enables ({@link DetectorSetup#UPDATE_EXISTING}) or verifies
     *         ({@link DetectorSetup#VERIFY}) the features on the existing detector, created in the owner's scope
     */
    static CustomResource createCustomResource(
            final RuntimeMonitoring owner,
            final Handlers handlers,
            final DetectorSetup detectorSetup,
            final MonitoringMode mode,
            final boolean restore) {
        Stack stack = Env.stack(owner);
        boolean update = detectorSetup == DetectorSetup.UPDATE_EXISTING;
        List<String> actions = new ArrayList<>(DETECTOR_READ_ACTIONS);
        List<PolicyStatement> statements = new ArrayList<>();
        if (update) {
            // GetAdministratorAccount: an organization member must not try (its UpdateDetector is refused).
            actions.add("guardduty:GetAdministratorAccount");
            actions.add("guardduty:UpdateDetector");
            statements.add(PolicyStatement.Builder.create()
                    .sid("RecordOwnersOfTheSettings")
                    .actions(OWNER_PARAMETER_ACTIONS)
                    .resources(List.of(
                            Handlers.arn(stack, "ssm", "parameter", OWNER_PARAMETER_PATH.substring(1) + "/owners"),
                            Handlers.arn(stack, "ssm", "parameter", OWNER_PARAMETER_PATH.substring(1) + "/*")))
                    .build());
        }
        statements.add(PolicyStatement.Builder.create()
                .sid("FindDetector")
                .actions(List.of("guardduty:ListDetectors"))
                .resources(List.of("*"))
                .build());
        statements.add(PolicyStatement.Builder.create()
                .sid(update ? "ReadAndUpdateDetector" : "ReadDetector")
                .actions(actions)
                .resources(List.of(Handlers.arn(stack, "guardduty", "detector", "*")))
                .build());
        Function function = handlers.create(
                "DetectorFunction",
                "detector_features.py",
                (update ? "Enables" : "Verifies") + " GuardDuty Runtime Monitoring for ECS Fargate on the detector",
                Shared.minutes(2),
                1,
                Map.of(),
                null,
                statements,
                Nag.rule(
                        "ListDetectors, the VPC "
                                + "network-interface actions and DescribeSubnets accept only resource *; the detector id is "
                                + "unknown before deployment, so detector actions are limited to detectors of this account and "
                                + "Region; the owner records are the parameters under " + OWNER_PARAMETER_PATH
                                + " only",
                        List.of(
                                "Resource::*",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):guardduty:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):detector\\/\\*$/",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ssm:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):parameter\\/securefargate\\/guardduty-runtime-monitoring\\/\\*$/"),
                        "AwsSolutions-IAM5"));

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Action", update ? "ENABLE" : "VERIFY");
        // Every mode states the agent setting it needs: ACCOUNT_WIDE on; SELECTED_CLUSTERS off (the tag opts in).
        // VERIFY checks agent management only for ACCOUNT_WIDE.
        properties.put("AgentManagement", mode == MonitoringMode.ACCOUNT_WIDE ? "ENABLED" : update ? "DISABLED" : "");
        properties.put("RestoreOnDelete", String.valueOf(update && restore));
        properties.put("OwnerParameterPath", OWNER_PARAMETER_PATH);
        properties.put("Account", Env.account(stack));
        properties.put("Region", Env.region(stack));
        return CustomResource.Builder.create(owner, "DetectorSettings")
                .serviceToken(function.getFunctionArn())
                .resourceType(DETECTOR_RESOURCE_TYPE)
                .properties(properties)
                .build();
    }
}
