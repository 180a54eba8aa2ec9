package io.github.securefargate.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.storage.LifecycleFileSystem;
import io.github.securefargate.storage.MountOptions;
import io.github.securefargate.storage.PosixAccessPointOptions;
import io.github.securefargate.testing.TestApps;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * Valid input is accepted under any feature-flag set, not only under this repository's {@code cdk.json}: the
 * constructs are built in an app without any feature flag (what {@code cdk init} gives minus its flags, or an app
 * that predates them) and in one with the project's flags, and must synthesize the same kinds of resources. (The
 * Toolchain's flag cases belong to its own tests.)
 */
class FeatureFlagsTest {
    static Stream<Arguments> apps() {
        return Stream.of(
                Arguments.of("no feature flags", (Supplier<App>)
                        () -> new App(AppProps.builder().context(Map.of()).build())),
                Arguments.of("the project's cdk.json flags", (Supplier<App>) TestApps::app),
                Arguments.of("every boolean flag of cdk.json inverted", (Supplier<App>)
                        () -> new App(AppProps.builder().context(inverted()).build())));
    }

    /** @return cdk.json's context with every boolean feature flag flipped (availability zones kept) */
    private static Map<String, Object> inverted() {
        Map<String, Object> context = new java.util.HashMap<>(TestApps.context());
        context.replaceAll((key, value) -> value instanceof Boolean ? !((Boolean) value) : value);
        return context;
    }

    private static Stack stack(final Supplier<App> app) {
        return new Stack(
                app.get(), "TestStack", StackProps.builder().env(TestApps.env()).build());
    }

    @ParameterizedTest(name = "blue/green service with a mounted file system, {0}")
    @MethodSource("apps")
    void synthesizesABlueGreenServiceWithSharedStorage(final String flags, final Supplier<App> app) {
        Stack stack = stack(app);
        // Class 4 of issue 11: a token health-check interval is good input too.
        Number interval = CfnParameter.Builder.create(stack, "Interval")
                .type("Number")
                .build()
                .getValueAsNumber();
        BlueGreenService blueGreen =
                Fixtures.blueGreen(stack, s -> s.healthCheckInterval(Duration.seconds(interval)), b -> {});
        Vpc vpc = (Vpc) blueGreen.getService().getCluster().getVpc();
        LifecycleFileSystem data =
                LifecycleFileSystem.Builder.create(stack, "Data").vpc(vpc).build();
        data.mountInto(
                blueGreen.getService(),
                MountOptions.builder()
                        .accessPoint(data.addAccessPoint(
                                "App",
                                PosixAccessPointOptions.builder()
                                        .path("/app")
                                        .uid(1000)
                                        .gid(1000)
                                        .build()))
                        .containerPath("/data")
                        .build());
        new EncryptedTopic(stack, "Alerts");
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::ECS::Service", 1);
        t.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 1);
        t.resourceCountIs("AWS::EFS::FileSystem", 1);
        t.resourceCountIs("AWS::SNS::Topic", 2);
        assertThat(t.findResources(
                        "AWS::ElasticLoadBalancingV2::TargetGroup",
                        Map.of(
                                "Properties",
                                software.amazon.awscdk.assertions.Match.objectLike(
                                        Map.of("HealthCheckIntervalSeconds", Map.of("Ref", "Interval"))))))
                .hasSize(2);
    }

    @ParameterizedTest(name = "service with the ECS controller, {0}")
    @MethodSource("apps")
    void synthesizesARollingService(final String flags, final Supplier<App> app) {
        Stack stack = stack(app);
        Fixtures.service(stack, b -> b.ephemeralStorageGiB(50));
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::ECS::Service", 1);
        t.resourceCountIs("AWS::ECS::Cluster", 1);
        t.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
    }
}
