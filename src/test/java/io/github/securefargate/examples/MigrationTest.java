package io.github.securefargate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.bluegreen.NativeTrafficShift;
import io.github.securefargate.testing.TestApps;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;

/**
 * The switch of one service from CodeDeploy to native delivery (README, "Migration from CodeDeploy"): the same example
 * stack built both ways keeps the logical ids of everything that serves traffic or holds state, so CloudFormation
 * updates them in place; only the CodeDeploy resources and the pipeline roles go, and the rules and ECS roles come.
 */
class MigrationTest {
    private static Map<String, Map<String, Object>> codeDeploy;
    private static Map<String, Map<String, Object>> nativeDelivery;

    @BeforeAll
    static void synthesizeBothWays() {
        // Two apps: the stack of one stage before and after the switch (same stack id, same construct ids).
        App before = TestApps.app();
        codeDeploy = resources(new BlueGreenServiceStack(
                before,
                "Service",
                StackProps.builder().env(ExampleEnvironments.service(before)).build(),
                EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES));
        App after = TestApps.app();
        nativeDelivery = resources(new BlueGreenServiceStack(
                after,
                "Service",
                StackProps.builder().env(ExampleEnvironments.service(after)).build(),
                NativeTrafficShift.CANARY_10_PERCENT_5_MINUTES));
    }

    private static Map<String, Map<String, Object>> resources(final BlueGreenServiceStack stack) {
        return asMap(Template.fromStack(stack).toJSON().get("Resources"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T asMap(final Object value) {
        return (T) value;
    }

    private static Set<String> idsOfType(final Map<String, Map<String, Object>> resources, final String type) {
        Set<String> ids = new TreeSet<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Test
    void keepsTheLogicalIdsOfTheServiceTargetGroupsListenersAlarmsAndState() {
        for (String type : List.of(
                "AWS::ECS::Service",
                "AWS::ECS::TaskDefinition",
                "AWS::ECS::Cluster",
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "AWS::ElasticLoadBalancingV2::TargetGroup",
                "AWS::ElasticLoadBalancingV2::Listener",
                "AWS::CloudWatch::Alarm",
                "AWS::Logs::LogGroup",
                "AWS::KMS::Key",
                "AWS::S3::Bucket",
                "AWS::SNS::Topic")) {
            assertThat(idsOfType(nativeDelivery, type))
                    .as("logical ids of %s after the switch", type)
                    .containsAll(idsOfType(codeDeploy, type));
        }
        // The named ones the README lists.
        assertThat(nativeDelivery)
                .containsKeys(
                        "Service9571FDD8",
                        "ServiceTargetGroupE74A3394",
                        "BlueGreenGreenTargetGroup0D8BBCA6",
                        "BlueGreenBlue5xxAlarm33B00269",
                        "BlueGreenLatencyAlarm707986CD");
        // The pipeline's reader role keeps its id and fixed name: the toolchain assumes it in both modes.
        Set<String> readerRoles = new TreeSet<>(codeDeploy.keySet());
        readerRoles.removeIf(id -> !id.startsWith("BlueGreenTaskDefinitionReaderRole"));
        assertThat(readerRoles).isNotEmpty();
        assertThat(nativeDelivery.keySet()).containsAll(readerRoles);
    }

    @Test
    void switchesTheControllerOfTheSameServiceInPlace() {
        String serviceId = idsOfType(codeDeploy, "AWS::ECS::Service").iterator().next();
        assertThat(controller(codeDeploy, serviceId)).isEqualTo(Map.of("Type", "CODE_DEPLOY"));
        assertThat(controller(nativeDelivery, serviceId)).isEqualTo(Map.of("Type", "ECS"));
    }

    private static Object controller(final Map<String, Map<String, Object>> resources, final String id) {
        Map<String, Object> props = asMap(resources.get(id).get("Properties"));
        return props.get("DeploymentController");
    }

    @Test
    void removesCodeDeployAndItsPipelineRoles() {
        assertThat(idsOfType(codeDeploy, "AWS::CodeDeploy::Application")).isNotEmpty();
        assertThat(idsOfType(nativeDelivery, "AWS::CodeDeploy::Application")).isEmpty();
        assertThat(idsOfType(nativeDelivery, "AWS::CodeDeploy::DeploymentGroup"))
                .isEmpty();
        assertThat(nativeDelivery.keySet()).noneMatch(id -> id.startsWith("BlueGreenDeployActionRole"));
    }

    @Test
    void addsTheRulesAndTheRolesEcsAssumes() {
        assertThat(idsOfType(codeDeploy, "AWS::ElasticLoadBalancingV2::ListenerRule"))
                .isEmpty();
        assertThat(idsOfType(nativeDelivery, "AWS::ElasticLoadBalancingV2::ListenerRule"))
                .hasSize(2)
                .allMatch(id -> id.startsWith("BlueGreenProductionRule") || id.startsWith("BlueGreenTestRule"));
        assertThat(nativeDelivery.keySet())
                .anyMatch(id -> id.startsWith("BlueGreenInfrastructureRole"))
                .anyMatch(id -> id.startsWith("BlueGreenHookRole"));
    }
}
