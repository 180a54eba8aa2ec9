package io.github.securefargate.examples;

import io.github.securefargate.bluegreen.NativeTrafficShift;
import io.github.securefargate.compliance.CompliancePacks;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The example app: every example stack of the library, with the cdk-nag packs applied. Run by `npx cdk synth`
 * (see cdk.json) and by the snapshot and compliance tests.
 */
public final class ExampleApp {
    private ExampleApp() {}

    /**
     * Adds every example stack to {@code app} and applies the compliance packs.
     *
     * @param app the app
     * @return the top-level stacks, in creation order
     */
    public static List<Stack> build(final App app) {
        List<Stack> stacks = new ArrayList<>();
        stacks.add(new ServiceStack(
                app,
                "SecureFargateService",
                StackProps.builder()
                        .env(ExampleEnvironments.service(app))
                        .description("secure-fargate-constructs example: encrypted cluster and secure Fargate service")
                        .build()));
        stacks.add(new SelectedClustersMonitoringStack(
                app,
                "SelectedClustersMonitoring",
                StackProps.builder()
                        .env(ExampleEnvironments.monitoring(app))
                        .description(
                                "secure-fargate-constructs example: GuardDuty runtime monitoring of selected clusters")
                        .build()));
        stacks.add(new BlueGreenServiceStack(
                app,
                "NativeBlueGreenService",
                StackProps.builder()
                        .env(ExampleEnvironments.service(app))
                        .description("secure-fargate-constructs example: ECS-native linear delivery with a smoke-test "
                                + "hook on the test listener")
                        .build(),
                NativeTrafficShift.LINEAR_10_PERCENT_EVERY_3_MINUTES));
        stacks.add(new ToolchainStack(
                app,
                "Toolchain",
                StackProps.builder()
                        .env(ExampleEnvironments.toolchain(app))
                        .description(
                                "secure-fargate-constructs example: blue/green toolchain (CDK Pipelines, CodeDeploy)")
                        .build()));
        CompliancePacks.applyTo(app);
        return stacks;
    }

    /** Entry point used by the CDK CLI. */
    public static void main(final String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }
}
