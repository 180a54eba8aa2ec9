package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.guardduty.MonitoringMode;
import io.github.securefargate.guardduty.RuntimeMonitoring;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.storage.LifecycleFileSystem;
import io.github.securefargate.storage.MountOptions;
import io.github.securefargate.storage.PosixAccessPointOptions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.efs.AccessPoint;

/**
 * Counts the jsii round trips of each library construct, for {@code scripts/benchmark.sh}. Run with
 * {@code JSII_DEBUG=1}: the jsii kernel then logs every request on stderr, and this app writes a marker request
 * ({@code Token.isUnresolved("@@segment:<name>")}) before each construct, so that {@code scripts/jsii_calls.py} can
 * attribute every request to the construct that made it and divide by the resources that construct created (from the
 * {@code aws:cdk:path} of each resource). A plain aws-cdk-lib stack (VPC, cluster, ApplicationLoadBalancedFargateService)
 * is measured the same way for comparison. Segment names are {@code <stack>/<construct id>}.
 */
public final class JsiiCallsBenchmark {
    private JsiiCallsBenchmark() {}

    private static String current = "start";
    private static long started = System.nanoTime();

    /** Marks the start of a segment; with {@code -Dbenchmark.times=true} also prints the last segment's wall time. */
    private static void segment(final String name) {
        if (Boolean.getBoolean("benchmark.times")) {
            System.out.printf("%-32s %8.1f ms%n", current, (System.nanoTime() - started) / 1e6);
            current = name;
            started = System.nanoTime();
        }
        Token.isUnresolved("@@segment:" + name);
    }

    /** Entry point. */
    public static void main(final String[] args) {
        App app = new App(AppProps.builder()
                .context(Map.of("aws:cdk:enable-path-metadata", true))
                .build());
        StackProps props =
                StackProps.builder().env(ExampleEnvironments.service(app)).build();

        // Two copies of each: the first pays one-time costs (jsii loads each class's statics and names once per JVM),
        // the second shows the cost of every further stack.
        for (int copy = 1; copy <= 2; copy++) {
            library(app, "Library" + copy, props);
            plain(app, "Plain" + copy, props);
        }
        segment("synth");
        app.synth();
        segment("end");
    }

    /** The library's service stack: VPC, encrypted cluster, secure service, lifecycle file system, GuardDuty. */
    private static void library(final App app, final String name, final StackProps props) {
        segment(name + "/Stack");
        Stack stack = new Stack(app, name, props);
        segment(name + "/Vpc");
        Vpc vpc = ExampleNetwork.vpc(stack);
        segment(name + "/Cluster");
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        segment(name + "/Service");
        SecureFargateService service = ExampleServices.hello(stack, cluster).build();
        segment(name + "/SharedFiles");
        LifecycleFileSystem files = LifecycleFileSystem.Builder.create(stack, "SharedFiles")
                .vpc(vpc)
                .build();
        AccessPoint content = files.addAccessPoint(
                "AppData",
                PosixAccessPointOptions.builder()
                        .path("/app-data")
                        .uid(ExampleServices.HELLO_UID)
                        .gid(ExampleServices.HELLO_UID)
                        .build());
        files.mountInto(
                service,
                MountOptions.builder()
                        .accessPoint(content)
                        .containerPath("/data")
                        .build());
        segment(name + "/RuntimeMonitoring");
        RuntimeMonitoring.Builder.create(stack, "RuntimeMonitoring")
                .cluster(cluster)
                .mode(MonitoringMode.ACCOUNT_WIDE)
                .alertEmails(List.of("security@example.com"))
                .isolateTasks(true)
                .build();
    }

    /** A plain aws-cdk-lib stack: VPC, cluster, ApplicationLoadBalancedFargateService. */
    private static void plain(final App app, final String name, final StackProps props) {
        segment(name + "/Stack");
        Stack plain = new Stack(app, name, props);
        segment(name + "/Vpc");
        Vpc plainVpc = Vpc.Builder.create(plain, "Vpc").maxAzs(2).build();
        segment(name + "/Cluster");
        Cluster plainCluster =
                Cluster.Builder.create(plain, "Cluster").vpc(plainVpc).build();
        segment(name + "/Service");
        ApplicationLoadBalancedFargateService.Builder.create(plain, "Service")
                .cluster(plainCluster)
                .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                        .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx-unprivileged:1.27"))
                        .containerPort(ExampleServices.HELLO_PORT)
                        .build())
                .build();
    }
}
