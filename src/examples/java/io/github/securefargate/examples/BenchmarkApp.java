package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.compliance.CompliancePacks;
import java.util.function.Consumer;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.constructs.Construct;

/**
 * An app with N service stacks, for {@code scripts/benchmark.sh}: it measures how synth time grows with the number of
 * stacks. Context {@code benchmarkStacks} sets N (default 1); context {@code benchmarkKind} picks the stack:
 * {@code service} (default: a VPC, an encrypted cluster and a secure HTTPS service, what a team deploys per service)
 * or {@code example} (the full example {@link ServiceStack}, which adds EFS, AWS Backup and GuardDuty Runtime
 * Monitoring), or {@code plain} (plain aws-cdk-lib: a VPC, a cluster and an ApplicationLoadBalancedFargateService,
 * the baseline the library's cost per resource is compared with). The cdk-nag packs run only with
 * {@code -c securefargate:nag=true}.
 */
public final class BenchmarkApp {
    private BenchmarkApp() {}

    /** Entry point. */
    public static void main(final String[] args) {
        App app = new App();
        int stacks = Integer.parseInt(ExampleEnvironments.context(app, "benchmarkStacks", "1"));
        String kind = ExampleEnvironments.context(app, "benchmarkKind", "service");
        for (int i = 1; i <= stacks; i++) {
            StackProps props =
                    StackProps.builder().env(ExampleEnvironments.service(app)).build();
            switch (kind) {
                case "service":
                    new ServiceOnlyStack(app, "Bench" + i, props);
                    break;
                case "example":
                    new ServiceStack(app, "Bench" + i, props);
                    break;
                case "plain":
                    new PlainStack(app, "Bench" + i, props);
                    break;
                default:
                    throw new IllegalArgumentException(
                            "Context benchmarkKind must be service, example or plain, got " + kind);
            }
        }
        if ("true".equals(String.valueOf(app.getNode().tryGetContext(CompliancePacks.CONTEXT_KEY)))) {
            CompliancePacks.applyTo(app);
        }
        app.synth();
    }

    /** A VPC, an encrypted cluster and a secure HTTPS service behind a WAF-protected load balancer. */
    static final class ServiceOnlyStack extends Stack {
        ServiceOnlyStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);
            Vpc vpc = ExampleNetwork.vpc(this);
            EncryptedCluster cluster =
                    EncryptedCluster.Builder.create(this, "Cluster").vpc(vpc).build();
            ExampleServices.hello(this, cluster).build();
        }
    }

    /** Plain aws-cdk-lib, no library construct: a VPC, a cluster and an ALB Fargate service from ecs-patterns. */
    static final class PlainStack extends Stack {
        PlainStack(final Construct scope, final String id, final StackProps props) {
            this(scope, id, props, part -> {});
        }

        /** As above; {@code beforePart} is given each part's construct id first (see {@link JsiiCallsBenchmark}). */
        PlainStack(final Construct scope, final String id, final StackProps props, final Consumer<String> beforePart) {
            super(scope, id, props);
            beforePart.accept("Vpc+Custom::VpcRestrictDefaultSGCustomResourceProvider");
            Vpc vpc = Vpc.Builder.create(this, "Vpc").maxAzs(2).build();
            beforePart.accept("Cluster");
            Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
            beforePart.accept("Service");
            ApplicationLoadBalancedFargateService.Builder.create(this, "Service")
                    .cluster(cluster)
                    .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                            .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx-unprivileged:1.27"))
                            .containerPort(ExampleServices.HELLO_PORT)
                            .build())
                    .build();
        }
    }
}
