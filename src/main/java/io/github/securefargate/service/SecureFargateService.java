package io.github.securefargate.service;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.internal.TargetGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.DeploymentController;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.TaskDefinitionRevision;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A Fargate service behind an Application Load Balancer, with production defaults: validated task sizing, Linux on
 * platform 1.4.0+, logs to a KMS-encrypted log group with retention, an execution role that can pull from ECR, an
 * empty least-privilege task role, tasks in private subnets without public IPs, an HTTPS listener (HTTP redirects to
 * it) on a hardened load balancer with access logs, and deployments that keep capacity and roll back on failure.
 *
 * <p>Health checks are tuned so that a healthy task takes traffic within 20 s of passing its checks and a draining
 * task is gone within 20 s.
 *
 * <pre>{@code
 * SecureFargateService service = SecureFargateService.Builder.create(this, "Service")
 *     .cluster(cluster.getCluster())
 *     .image(ContainerImage.fromAsset("app"))
 *     .certificate(certificate)
 *     .build();
 * }</pre>
 */
public class SecureFargateService extends Construct implements IConnectable, IGrantable {
    /** Default name of the application container. */
    public static final String DEFAULT_CONTAINER_NAME = "app";
    /** Default container port. */
    public static final int DEFAULT_CONTAINER_PORT = 8080;
    /** Default task CPU units. */
    public static final int DEFAULT_CPU = 512;
    /** Default task memory in MiB. */
    public static final int DEFAULT_MEMORY_MIB = 1024;
    /** Default number of tasks. */
    public static final int DEFAULT_DESIRED_COUNT = 2;
    /** Default minimum healthy percent: never drop below the desired count during a deployment. */
    public static final int DEFAULT_MIN_HEALTHY_PERCENT = 100;
    /** Default maximum healthy percent: start a full new set before stopping the old one. */
    public static final int DEFAULT_MAX_HEALTHY_PERCENT = 200;
    /** Default health-check grace period in seconds. */
    public static final int DEFAULT_HEALTH_CHECK_GRACE_SECONDS = 60;
    /** Longest health-check grace period ECS accepts, in seconds. */
    public static final int MAX_HEALTH_CHECK_GRACE_SECONDS = 2147483647;
    /** Default health-check path. */
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";
    /** Default health-check interval in seconds. */
    public static final int DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS = 10;
    /** Default healthy threshold. */
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    /** Default unhealthy threshold. */
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    /** Default health-check timeout in seconds. */
    public static final int DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS = 5;
    /** Default deregistration delay in seconds. */
    public static final int DEFAULT_DEREGISTRATION_DELAY_SECONDS = 20;
    /** Time budget, in seconds, for a task to start or stop taking traffic; longer settings get a warning. */
    public static final int TRAFFIC_SHIFT_BUDGET_SECONDS = 30;
    /** Days access logs are kept in the bucket the construct creates. */
    public static final int ACCESS_LOG_RETENTION_DAYS = 365;

    /** Warning id: the load balancer listens on plain HTTP. */
    public static final String WARNING_HTTP_ONLY = "@securefargate/service:httpOnlyListener";
    /** Warning id: health checks or draining slower than {@value #TRAFFIC_SHIFT_BUDGET_SECONDS} s. */
    public static final String WARNING_SLOW_TRAFFIC_SHIFT = "@securefargate/service:slowTrafficShift";

    private final FargateService service;
    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition container;
    private final LogGroup logGroup;
    private final IKey logKey;
    private final Role taskRole;
    private final Role executionRole;
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationListener listener;
    private final @Nullable ApplicationListener redirectListener;
    private final ApplicationTargetGroup targetGroup;
    private final IBucket accessLogsBucket;
    private final Number containerPort;
    private final HealthCheck healthCheck;
    private final String containerName;
    private final boolean https;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public SecureFargateService(final Construct scope, final String id, final SecureFargateServiceProps props) {
        super(scope, id);

        // Defaults.
        this.containerName = orDefault(props.getContainerName(), DEFAULT_CONTAINER_NAME);
        Number port = orDefault(props.getContainerPort(), DEFAULT_CONTAINER_PORT);
        Number cpu = orDefault(props.getCpu(), DEFAULT_CPU);
        Number memory = orDefault(props.getMemoryLimitMiB(), DEFAULT_MEMORY_MIB);
        FargatePlatformVersion platform = orDefault(props.getPlatformVersion(), FargatePlatformVersion.LATEST);
        Number desired = orDefault(props.getDesiredCount(), DEFAULT_DESIRED_COUNT);
        Number minHealthy = orDefault(props.getMinHealthyPercent(), DEFAULT_MIN_HEALTHY_PERCENT);
        Number maxHealthy = orDefault(props.getMaxHealthyPercent(), DEFAULT_MAX_HEALTHY_PERCENT);
        DeploymentControllerType controller = orDefault(props.getDeploymentController(), DeploymentControllerType.ECS);
        boolean codeDeploy = controller == DeploymentControllerType.CODE_DEPLOY;
        String healthPath = orDefault(props.getHealthCheckPath(), DEFAULT_HEALTH_CHECK_PATH);
        Duration interval = orDefault(props.getHealthCheckInterval(),
                Duration.seconds(DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS));
        Number healthy = orDefault(props.getHealthyThresholdCount(), DEFAULT_HEALTHY_THRESHOLD);
        Number unhealthy = orDefault(props.getUnhealthyThresholdCount(), DEFAULT_UNHEALTHY_THRESHOLD);
        Duration timeout = orDefault(props.getHealthCheckTimeout(),
                Duration.seconds(DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS));
        Duration deregistration = orDefault(props.getDeregistrationDelay(),
                Duration.seconds(DEFAULT_DEREGISTRATION_DELAY_SECONDS));
        boolean publicLb = orDefault(props.getPublicLoadBalancer(), Boolean.TRUE);
        this.https = props.getCertificate() != null;
        IVpc vpc = props.getCluster().getVpc();

        // Validation.
        if (Check.isToken(Stack.of(this).getRegion())) {
            throw Check.fail(this, "env.region", "must be known at synth time: load-balancer access logging needs "
                    + "the Region's log-delivery principal, got an environment-agnostic stack; set "
                    + "StackProps.env(Environment.builder().account(...).region(...))");
        }
        Rules.region(this, "env.region", Stack.of(this).getRegion());
        validate(props, port, cpu, memory, platform, desired, minHealthy, maxHealthy, controller, healthPath,
                interval, healthy, unhealthy, timeout, deregistration);
        // A token (e.g. CfnParameter.getValueAsNumber()) stays a token everywhere it flows.
        this.containerPort = Check.normalizeWhole(port);

        // Task definition, roles, logs.
        this.executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Pulls images and writes logs for " + getNode().getPath())
                .build();
        // Image pull grants are added by the image itself (fromAsset/fromEcrRepository grant pull on their
        // repository only); secrets grant read on each secret.
        this.taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Application role of " + getNode().getPath() + "; grant it what the application needs")
                .build();

        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .cpu(cpu)
                .memoryLimitMiB(memory)
                .ephemeralStorageGiB(props.getEphemeralStorageGiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(orDefault(props.getCpuArchitecture(), CpuArchitecture.X86_64))
                        .build())
                .executionRole(executionRole)
                .taskRole(taskRole)
                .build();

        this.logKey = resolveLogKey(props);
        this.logGroup = LogGroup.Builder.create(this, "LogGroup")
                .encryptionKey(logKey)
                .retention(orDefault(props.getLogRetention(), RetentionDays.ONE_YEAR))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        this.container = taskDefinition.addContainer(containerName, ContainerDefinitionOptions.builder()
                .containerName(containerName)
                .image(props.getImage())
                .essential(true)
                .portMappings(List.of(PortMapping.builder().containerPort(containerPort).protocol(Protocol.TCP)
                        .name("http").build()))
                .environment(props.getEnvironment())
                .secrets(props.getSecrets())
                .user(props.getUser())
                .readonlyRootFilesystem(orDefault(props.getReadonlyRootFilesystem(), Boolean.FALSE))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(containerName)
                        .build()))
                .build());

        // Service.
        SecurityGroup serviceSg = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("Tasks of " + getNode().getPath())
                .allowAllOutbound(true)
                .build();
        FargateService.Builder service = FargateService.Builder.create(this, "Service")
                .cluster(props.getCluster())
                .taskDefinition(taskDefinition)
                .desiredCount(desired)
                .minHealthyPercent(minHealthy)
                .maxHealthyPercent(maxHealthy)
                .platformVersion(platform)
                .assignPublicIp(false)
                .vpcSubnets(orDefault(props.getTaskSubnets(),
                        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
                .securityGroups(List.of(serviceSg))
                .healthCheckGracePeriod(orDefault(props.getHealthCheckGracePeriod(),
                        Duration.seconds(DEFAULT_HEALTH_CHECK_GRACE_SECONDS)))
                .propagateTags(PropagatedTagSource.SERVICE)
                .enableEcsManagedTags(true);
        if (codeDeploy) {
            service.deploymentController(DeploymentController.builder().type(DeploymentControllerType.CODE_DEPLOY)
                            .build())
                    .taskDefinitionRevision(TaskDefinitionRevision.LATEST);
        } else {
            boolean breaker = orDefault(props.getCircuitBreaker(), Boolean.TRUE);
            if (breaker) {
                service.circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build());
            }
        }
        this.service = service.build();

        // Load balancer.
        this.accessLogsBucket = props.getAccessLogsBucket() != null ? props.getAccessLogsBucket()
                : createAccessLogsBucket();
        SecurityGroup lbSg = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(vpc)
                .description("Load balancer of " + getNode().getPath())
                .allowAllOutbound(false)
                .build();
        this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc)
                .internetFacing(publicLb)
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(publicLb ? SubnetType.PUBLIC : SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroup(lbSg)
                .dropInvalidHeaderFields(true)
                .deletionProtection(orDefault(props.getLoadBalancerDeletionProtection(), Boolean.TRUE))
                .build();
        loadBalancer.logAccessLogs(accessLogsBucket, "alb/" + getNode().getAddr());
        if (props.getWebAcl() != null) {
            CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                    .resourceArn(loadBalancer.getLoadBalancerArn())
                    .webAclArn(props.getWebAcl().getWebAclRef().getWebAclArn())
                    .build();
        }

        this.healthCheck = HealthCheck.builder()
                .path(healthPath)
                .interval(interval)
                .timeout(timeout)
                .healthyThresholdCount(healthy)
                .unhealthyThresholdCount(unhealthy)
                .healthyHttpCodes("200-399")
                .build();
        this.targetGroup = ApplicationTargetGroup.Builder.create(this, "TargetGroup")
                .vpc(vpc)
                .port(containerPort)
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.IP)
                .deregistrationDelay(deregistration)
                .healthCheck(TargetGroups.forL2(healthCheck))
                .build();
        TargetGroups.renderTokenTiming(targetGroup, healthCheck);
        this.service.attachToApplicationTargetGroup(targetGroup);

        List<String> ingress = props.getAllowedIngressCidrs() != null ? props.getAllowedIngressCidrs()
                : publicLb ? List.of("0.0.0.0/0") : List.of(vpc.getVpcCidrBlock());
        int listenerPort = https ? 443 : 80;
        this.listener = loadBalancer.addListener(https ? "Https" : "Http", BaseApplicationListenerProps.builder()
                .port(listenerPort)
                .protocol(https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP)
                .certificates(https ? List.of(ListenerCertificate.fromCertificateManager(props.getCertificate()))
                        : null)
                .sslPolicy(https ? orDefault(props.getSslPolicy(), SslPolicy.RECOMMENDED_TLS) : null)
                .defaultTargetGroups(List.of(targetGroup))
                .open(false)
                .build());
        if (https) {
            this.redirectListener = loadBalancer.addListener("HttpRedirect", BaseApplicationListenerProps.builder()
                    .port(80)
                    .protocol(ApplicationProtocol.HTTP)
                    .defaultAction(ListenerAction.redirect(RedirectOptions.builder().protocol("HTTPS").port("443").permanent(true).build()))
                    .open(false)
                    .build());
        } else {
            this.redirectListener = null;
            Annotations.of(this).addWarningV2(WARNING_HTTP_ONLY, "The load balancer of " + getNode().getPath()
                    + " listens on plain HTTP because no certificate is set. Pass certificate(...) to serve HTTPS "
                    + "and redirect HTTP to it.");
        }
        for (String cidr : ingress) {
            lbSg.addIngressRule(Peer.ipv4(cidr), Port.tcp(listenerPort), "Listener from " + cidr);
            if (https) {
                lbSg.addIngressRule(Peer.ipv4(cidr), Port.tcp(80), "HTTP redirect from " + cidr);
            }
        }
        // Only the load balancer reaches the tasks, and only on the container port.
        serviceSg.getConnections().allowFrom(lbSg, Port.tcp(containerPort), "Load balancer to container port");

        suppressInherentFindings(props, publicLb);

        warnOnSlowTrafficShift(interval, healthy, deregistration);
    }

    private void validate(final SecureFargateServiceProps props, final Number port, final Number cpu,
                          final Number memory, final FargatePlatformVersion platform, final Number desired,
                          final Number minHealthy, final Number maxHealthy, final DeploymentControllerType controller,
                          final String healthPath, final Duration interval, final Number healthy,
                          final Number unhealthy, final Duration timeout, final Duration deregistration) {
        boolean codeDeploy = controller == DeploymentControllerType.CODE_DEPLOY;
        Rules.containerName(this, "containerName", containerName);
        Check.wholeBetween(this, "containerPort", port, 1, 65535);
        Fargate.validateSize(this, cpu, memory);
        Check.wholeBetween(this, "ephemeralStorageGiB", props.getEphemeralStorageGiB(),
                Fargate.MIN_EPHEMERAL_STORAGE_GIB, Fargate.MAX_EPHEMERAL_STORAGE_GIB);
        Fargate.validatePlatformVersion(this, "platformVersion", platform);
        Check.wholeAtLeast(this, "desiredCount", desired, 1);
        Check.wholeAtLeast(this, "minHealthyPercent", minHealthy, 0);
        Check.wholeAtLeast(this, "maxHealthyPercent", maxHealthy, 1);
        if (controller != DeploymentControllerType.ECS && !codeDeploy) {
            throw Check.fail(this, "deploymentController", "must be ECS or CODE_DEPLOY, got " + controller
                    + " (an EXTERNAL controller is not managed by this construct)");
        }
        Check.secondsBetween(this, "healthCheckGracePeriod", props.getHealthCheckGracePeriod(), 0,
                MAX_HEALTH_CHECK_GRACE_SECONDS);
        if (!Check.isToken(minHealthy) && !Check.isToken(maxHealthy)
                && minHealthy.doubleValue() >= maxHealthy.doubleValue()) {
            throw Check.fail(this, "minHealthyPercent", "must be lower than maxHealthyPercent ("
                    + Check.fmt(maxHealthy.doubleValue()) + ") so that a deployment can replace tasks, got "
                    + Check.fmt(minHealthy.doubleValue()));
        }
        if (codeDeploy && Boolean.TRUE.equals(props.getCircuitBreaker())) {
            throw Check.fail(this, "circuitBreaker", "applies only to the ECS deployment controller, got true with "
                    + "CODE_DEPLOY; CodeDeploy rolls back through its deployment group's alarms instead");
        }
        Rules.healthCheckPath(this, "healthCheckPath", healthPath);
        Check.secondsBetween(this, "healthCheckInterval", interval, 5, 300);
        Check.wholeBetween(this, "healthyThresholdCount", healthy, 2, 10);
        Check.wholeBetween(this, "unhealthyThresholdCount", unhealthy, 2, 10);
        Check.secondsBetween(this, "healthCheckTimeout", timeout, 2, 120);
        if (!interval.isUnresolved() && !timeout.isUnresolved()
                && timeout.toSeconds().doubleValue() >= interval.toSeconds().doubleValue()) {
            throw Check.fail(this, "healthCheckTimeout", "must be shorter than healthCheckInterval ("
                    + interval.toHumanString() + "), got " + timeout.toHumanString());
        }
        Check.secondsBetween(this, "deregistrationDelay", deregistration, 0, 3600);
        if (props.getAllowedIngressCidrs() != null) {
            for (String cidr : props.getAllowedIngressCidrs()) {
                Rules.ipv4Cidr(this, "allowedIngressCidrs", cidr);
            }
        }
        Rules.accessLogsBucket(this, "accessLogsBucket", props.getAccessLogsBucket());
        Rules.symmetricKey(this, "logKey", props.getLogKey());
    }

    private void warnOnSlowTrafficShift(final Duration interval, final Number healthy, final Duration deregistration) {
        if (!interval.isUnresolved() && !Check.isToken(healthy)) {
            double toHealthy = interval.toSeconds().doubleValue() * healthy.doubleValue();
            if (toHealthy > TRAFFIC_SHIFT_BUDGET_SECONDS) {
                Annotations.of(this).addWarningV2(WARNING_SLOW_TRAFFIC_SHIFT, "healthCheckInterval x "
                        + "healthyThresholdCount is " + Check.fmt(toHealthy) + " s: new tasks wait longer than "
                        + TRAFFIC_SHIFT_BUDGET_SECONDS + " s before they take traffic");
            }
        }
        if (!deregistration.isUnresolved() && deregistration.toSeconds().doubleValue() > TRAFFIC_SHIFT_BUDGET_SECONDS) {
            Annotations.of(this).addWarningV2(WARNING_SLOW_TRAFFIC_SHIFT, "deregistrationDelay is "
                    + deregistration.toHumanString() + ": draining tasks stay longer than "
                    + TRAFFIC_SHIFT_BUDGET_SECONDS + " s");
        }
    }

    /** Records, for cdk-nag, the findings that are inherent to what this construct is, each with its reason. */
    private void suppressInherentFindings(final SecureFargateServiceProps props, final boolean publicLb) {
        for (Role role : List.of(executionRole, taskRole)) {
            IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
            if (policy != null) {
                Nag.suppress(policy, "Role-scoped policy generated by CDK grants for this role only; versioned and "
                        + "deployed with the stack", null, Nag.INLINE_POLICY_RULES);
            }
        }
        IConstruct executionPolicy = executionRole.getNode().tryFindChild("DefaultPolicy");
        if (executionPolicy != null) {
            Nag.suppress(executionPolicy, "ecr:GetAuthorizationToken only accepts resource *; image pulls are "
                    + "scoped to the image's repository and log writes to this service's log group",
                    List.of("Resource::*"), "AwsSolutions-IAM5");
        }
        if (props.getAccessLogsBucket() == null) {
            Nag.suppress(accessLogsBucket, "Load-balancer access logs can only be delivered to SSE-S3 buckets "
                    + "(ELB does not support SSE-KMS); the bucket enforces TLS and blocks public access", null,
                    "NIST.800.53.R5-S3DefaultEncryptionKMS", "HIPAA.Security-S3DefaultEncryptionKMS",
                    "PCI.DSS.321-S3DefaultEncryptionKMS");
            Nag.suppress(accessLogsBucket, "This bucket is itself the access-log destination; logging it to "
                    + "another bucket only moves the question. Object-level events can be captured by CloudTrail",
                    null, "AwsSolutions-S1", "NIST.800.53.R5-S3BucketLoggingEnabled",
                    "HIPAA.Security-S3BucketLoggingEnabled", "PCI.DSS.321-S3BucketLoggingEnabled");
            Nag.suppress(accessLogsBucket, "Cross-Region replication of access logs is an account-level DR "
                    + "choice: pass accessLogsBucket(...) with a replicated bucket to have it", null,
                    "NIST.800.53.R5-S3BucketReplicationEnabled", "HIPAA.Security-S3BucketReplicationEnabled",
                    "PCI.DSS.321-S3BucketReplicationEnabled");
        }
        if (redirectListener != null) {
            Nag.suppress(redirectListener, "This HTTP listener serves no content: it only answers with a "
                    + "permanent redirect to the HTTPS listener, which uses the ACM certificate", null,
                    "NIST.800.53.R5-ELBv2ACMCertificateRequired", "HIPAA.Security-ELBv2ACMCertificateRequired",
                    "PCI.DSS.321-ELBv2ACMCertificateRequired");
        }
        if (publicLb && props.getAllowedIngressCidrs() == null) {
            Nag.suppress(loadBalancer.getConnections().getSecurityGroups().get(0), "Internet-facing load balancer: "
                    + "only the listener ports are open to the internet, by design; narrow them with "
                    + "allowedIngressCidrs", null, "AwsSolutions-EC23");
        }
    }

    private Bucket createAccessLogsBucket() {
        return Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireAccessLogs")
                        .expiration(Duration.days(ACCESS_LOG_RETENTION_DAYS))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .build();
    }

    private static <T> T orDefault(final T value, final T fallback) {
        return value != null ? value : fallback;
    }

    // ---------------------------------------------------------------- IConnectable / IGrantable

    /** Security-group connections of the tasks. */
    @Override
    public @NotNull Connections getConnections() {
        return service.getConnections();
    }

    /** The task role: grants to this service go to the application's role. */
    @Override
    public @NotNull IPrincipal getGrantPrincipal() {
        return taskRole;
    }

    /**
     * Grants the application (task role) the given actions on resources.
     *
     * @param actions   IAM actions
     * @param resources resource ARNs
     * @return the grant
     */
    public Grant grant(final List<String> actions, final List<String> resources) {
        return Grant.addToPrincipal(software.amazon.awscdk.services.iam.GrantOnPrincipalOptions.builder()
                .grantee(taskRole).actions(actions).resourceArns(resources).build());
    }

    // ---------------------------------------------------------------- metrics

    /** @return average CPU utilization of the service */
    public Metric metricCpuUtilization(final @Nullable MetricOptions options) {
        return service.metricCpuUtilization(options);
    }

    /** @return average memory utilization of the service */
    public Metric metricMemoryUtilization(final @Nullable MetricOptions options) {
        return service.metricMemoryUtilization(options);
    }

    /** @return target 5xx responses of the service's target group */
    public Metric metricTarget5xx(final @Nullable MetricOptions options) {
        return targetGroup.getMetrics().httpCodeTarget(
                software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget.TARGET_5XX_COUNT, options);
    }

    // ---------------------------------------------------------------- getters

    /** @return the ECS service */
    public FargateService getService() {
        return service;
    }

    /** @return the task definition */
    public FargateTaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /** @return the application container */
    public ContainerDefinition getContainer() {
        return container;
    }

    /** @return the application container's name */
    public String getContainerName() {
        return containerName;
    }

    /** @return the application container's port: a whole number, or the token it was given as */
    public Number getContainerPort() {
        return containerPort;
    }

    /** @return the health check of the target group, defaults resolved (a green target group copies it) */
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    /** @return every container of the task definition, the application container first */
    public List<ContainerDefinition> getContainers() {
        List<ContainerDefinition> all = new ArrayList<>();
        all.add(container);
        for (software.constructs.IConstruct child : taskDefinition.getNode().getChildren()) {
            if (child instanceof ContainerDefinition && child != container) {
                all.add((ContainerDefinition) child);
            }
        }
        return all;
    }

    /**
     * The log key: a new one, or the user's key with the CloudWatch Logs statement added (a key of this app) or
     * acknowledged ({@code logKeyPolicyManagedExternally}, an imported key). Without that statement, CloudWatch Logs
     * refuses to create the encrypted log group at deploy time.
     */
    private IKey resolveLogKey(final SecureFargateServiceProps props) {
        boolean external = Boolean.TRUE.equals(props.getLogKeyPolicyManagedExternally());
        IKey given = props.getLogKey();
        if (given == null) {
            if (external) {
                throw Check.fail(this, "logKeyPolicyManagedExternally", "applies only to an imported logKey, got "
                        + "true with no key; remove it or pass the key");
            }
            return Keys.createForLogs(this, "LogKey", "Encrypts container logs of " + getNode().getPath());
        }
        if (Keys.isOwned(given)) {
            if (external) {
                throw Check.fail(this, "logKeyPolicyManagedExternally", "is true, but logKey "
                        + given.getNode().getPath() + " is defined in this app and its policy is edited here; "
                        + "remove logKeyPolicyManagedExternally");
            }
            given.addToResourcePolicy(Keys.logsStatement(Stack.of(this)));
        } else if (!external) {
            throw Check.fail(this, "logKey", "is an imported key (" + given.getKeyArn() + ") whose policy this "
                    + "construct cannot edit. Allow logs." + Stack.of(this).getRegion() + ".amazonaws.com "
                    + String.join(", ", Keys.LOGS_KEY_ACTIONS) + " on * with condition ArnLike "
                    + "kms:EncryptionContext:aws:logs:arn = arn:<partition>:logs:" + Stack.of(this).getRegion() + ":"
                    + Stack.of(this).getAccount() + ":log-group:* in its key policy, then set "
                    + "logKeyPolicyManagedExternally(true)");
        }
        return given;
    }

    /** @return the container log group */
    public LogGroup getLogGroup() {
        return logGroup;
    }

    /** @return the key that encrypts the log group */
    public IKey getLogKey() {
        return logKey;
    }

    /** @return the application's role */
    public IRole getTaskRole() {
        return taskRole;
    }

    /** @return the role ECS uses to pull images and write logs */
    public IRole getExecutionRole() {
        return executionRole;
    }

    /** @return the load balancer */
    public ApplicationLoadBalancer getLoadBalancer() {
        return loadBalancer;
    }

    /** @return the production listener (HTTPS when a certificate is set, HTTP otherwise) */
    public ApplicationListener getListener() {
        return listener;
    }

    /** @return the HTTP listener that redirects to HTTPS, or null without a certificate */
    public @Nullable ApplicationListener getRedirectListener() {
        return redirectListener;
    }

    /** @return the target group of the service */
    public ApplicationTargetGroup getTargetGroup() {
        return targetGroup;
    }

    /** @return the bucket that receives load-balancer access logs */
    public IBucket getAccessLogsBucket() {
        return accessLogsBucket;
    }

    /** @return the cluster */
    public ICluster getCluster() {
        return service.getCluster();
    }

    /** @return true when the production listener serves HTTPS */
    public boolean isHttps() {
        return https;
    }

    /** Builder in the style of aws-cdk-lib: {@code SecureFargateService.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final SecureFargateServiceProps.Builder props = SecureFargateServiceProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for the construct {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see SecureFargateServiceProps#getCluster() */
        public Builder cluster(final ICluster cluster) {
            props.cluster(cluster);
            return this;
        }

        /** @see SecureFargateServiceProps#getImage() */
        public Builder image(final ContainerImage image) {
            props.image(image);
            return this;
        }

        /** @see SecureFargateServiceProps#getContainerName() */
        public Builder containerName(final String containerName) {
            props.containerName(containerName);
            return this;
        }

        /** @see SecureFargateServiceProps#getContainerPort() */
        public Builder containerPort(final Number containerPort) {
            props.containerPort(containerPort);
            return this;
        }

        /** @see SecureFargateServiceProps#getCpu() */
        public Builder cpu(final Number cpu) {
            props.cpu(cpu);
            return this;
        }

        /** @see SecureFargateServiceProps#getMemoryLimitMiB() */
        public Builder memoryLimitMiB(final Number memoryLimitMiB) {
            props.memoryLimitMiB(memoryLimitMiB);
            return this;
        }

        /** @see SecureFargateServiceProps#getEphemeralStorageGiB() */
        public Builder ephemeralStorageGiB(final Number ephemeralStorageGiB) {
            props.ephemeralStorageGiB(ephemeralStorageGiB);
            return this;
        }

        /** @see SecureFargateServiceProps#getCpuArchitecture() */
        public Builder cpuArchitecture(final CpuArchitecture cpuArchitecture) {
            props.cpuArchitecture(cpuArchitecture);
            return this;
        }

        /** @see SecureFargateServiceProps#getPlatformVersion() */
        public Builder platformVersion(final FargatePlatformVersion platformVersion) {
            props.platformVersion(platformVersion);
            return this;
        }

        /** @see SecureFargateServiceProps#getEnvironment() */
        public Builder environment(final Map<String, String> environment) {
            props.environment(environment);
            return this;
        }

        /** @see SecureFargateServiceProps#getSecrets() */
        public Builder secrets(final Map<String, Secret> secrets) {
            props.secrets(secrets);
            return this;
        }

        /** @see SecureFargateServiceProps#getUser() */
        public Builder user(final String user) {
            props.user(user);
            return this;
        }

        /** @see SecureFargateServiceProps#getReadonlyRootFilesystem() */
        public Builder readonlyRootFilesystem(final Boolean readonlyRootFilesystem) {
            props.readonlyRootFilesystem(readonlyRootFilesystem);
            return this;
        }

        /** @see SecureFargateServiceProps#getLogRetention() */
        public Builder logRetention(final RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /** @see SecureFargateServiceProps#getLogKey() */
        public Builder logKey(final IKey logKey) {
            props.logKey(logKey);
            return this;
        }

        /** @see SecureFargateServiceProps#getLogKeyPolicyManagedExternally() */
        public Builder logKeyPolicyManagedExternally(final Boolean value) {
            props.logKeyPolicyManagedExternally(value);
            return this;
        }

        /** @see SecureFargateServiceProps#getDesiredCount() */
        public Builder desiredCount(final Number desiredCount) {
            props.desiredCount(desiredCount);
            return this;
        }

        /** @see SecureFargateServiceProps#getMinHealthyPercent() */
        public Builder minHealthyPercent(final Number minHealthyPercent) {
            props.minHealthyPercent(minHealthyPercent);
            return this;
        }

        /** @see SecureFargateServiceProps#getMaxHealthyPercent() */
        public Builder maxHealthyPercent(final Number maxHealthyPercent) {
            props.maxHealthyPercent(maxHealthyPercent);
            return this;
        }

        /** @see SecureFargateServiceProps#getCircuitBreaker() */
        public Builder circuitBreaker(final Boolean circuitBreaker) {
            props.circuitBreaker(circuitBreaker);
            return this;
        }

        /** @see SecureFargateServiceProps#getDeploymentController() */
        public Builder deploymentController(final DeploymentControllerType deploymentController) {
            props.deploymentController(deploymentController);
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckGracePeriod() */
        public Builder healthCheckGracePeriod(final Duration healthCheckGracePeriod) {
            props.healthCheckGracePeriod(healthCheckGracePeriod);
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckPath() */
        public Builder healthCheckPath(final String healthCheckPath) {
            props.healthCheckPath(healthCheckPath);
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckInterval() */
        public Builder healthCheckInterval(final Duration healthCheckInterval) {
            props.healthCheckInterval(healthCheckInterval);
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthyThresholdCount() */
        public Builder healthyThresholdCount(final Number healthyThresholdCount) {
            props.healthyThresholdCount(healthyThresholdCount);
            return this;
        }

        /** @see SecureFargateServiceProps#getUnhealthyThresholdCount() */
        public Builder unhealthyThresholdCount(final Number unhealthyThresholdCount) {
            props.unhealthyThresholdCount(unhealthyThresholdCount);
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckTimeout() */
        public Builder healthCheckTimeout(final Duration healthCheckTimeout) {
            props.healthCheckTimeout(healthCheckTimeout);
            return this;
        }

        /** @see SecureFargateServiceProps#getDeregistrationDelay() */
        public Builder deregistrationDelay(final Duration deregistrationDelay) {
            props.deregistrationDelay(deregistrationDelay);
            return this;
        }

        /** @see SecureFargateServiceProps#getCertificate() */
        public Builder certificate(final ICertificate certificate) {
            props.certificate(certificate);
            return this;
        }

        /** @see SecureFargateServiceProps#getSslPolicy() */
        public Builder sslPolicy(final SslPolicy sslPolicy) {
            props.sslPolicy(sslPolicy);
            return this;
        }

        /** @see SecureFargateServiceProps#getPublicLoadBalancer() */
        public Builder publicLoadBalancer(final Boolean publicLoadBalancer) {
            props.publicLoadBalancer(publicLoadBalancer);
            return this;
        }

        /** @see SecureFargateServiceProps#getAllowedIngressCidrs() */
        public Builder allowedIngressCidrs(final List<String> allowedIngressCidrs) {
            props.allowedIngressCidrs(allowedIngressCidrs);
            return this;
        }

        /** @see SecureFargateServiceProps#getLoadBalancerDeletionProtection() */
        public Builder loadBalancerDeletionProtection(final Boolean loadBalancerDeletionProtection) {
            props.loadBalancerDeletionProtection(loadBalancerDeletionProtection);
            return this;
        }

        /** @see SecureFargateServiceProps#getAccessLogsBucket() */
        public Builder accessLogsBucket(final IBucket accessLogsBucket) {
            props.accessLogsBucket(accessLogsBucket);
            return this;
        }

        /** @see SecureFargateServiceProps#getWebAcl() */
        public Builder webAcl(final IWebACLRef webAcl) {
            props.webAcl(webAcl);
            return this;
        }

        /** @see SecureFargateServiceProps#getTaskSubnets() */
        public Builder taskSubnets(final SubnetSelection taskSubnets) {
            props.taskSubnets(taskSubnets);
            return this;
        }

        /** @return the construct */
        public SecureFargateService build() {
            return new SecureFargateService(scope, id, props.build());
        }
    }
}
