package io.github.securefargate.service;

import io.github.securefargate.internal.AccessLogBuckets;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Nag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
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
    public static final int ACCESS_LOG_RETENTION_DAYS = AccessLogBuckets.RETENTION_DAYS;

    /** Warning id: the load balancer listens on plain HTTP. */
    public static final String WARNING_HTTP_ONLY = "@securefargate/service:httpOnlyListener";
    /** Warning id: health checks or draining slower than {@value #TRAFFIC_SHIFT_BUDGET_SECONDS} s. */
    public static final String WARNING_SLOW_TRAFFIC_SHIFT = "@securefargate/service:slowTrafficShift";

    private final ServiceSettings settings;
    private final TaskDefinitionFeature task;
    private final FargateService service;
    private final LoadBalancerFeature loadBalancing;
    private @Nullable NativeDelivery nativeDelivery;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public SecureFargateService(final Construct scope, final String id, final SecureFargateServiceProps props) {
        super(scope, id);
        // Every default resolved once and validated; the children and the getters read only these settings.
        this.settings = new ServiceSettings(this, props);
        this.task = new TaskDefinitionFeature(this, settings);
        SecurityGroup serviceSecurityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(settings.vpc)
                .description("Tasks of " + Check.path(this))
                .allowAllOutbound(true)
                .build();
        this.service = DeliveryFeature.createService(this, settings, task, serviceSecurityGroup);
        this.loadBalancing = new LoadBalancerFeature(this, settings, service, serviceSecurityGroup);
        suppressInherentFindings();
        settings.warnOnSlowTrafficShift(this);
    }

    /**
     * Records, for cdk-nag, the findings that are inherent to what this construct is, each with its reason. Findings
     * that follow from the user's choices (an internet-facing load balancer, an access-log bucket without
     * replication) are the user's to acknowledge.
     */
    private void suppressInherentFindings() {
        Nag.Rule inline = Nag.inlinePolicy(
                "Role-scoped policy generated by CDK grants for this role only; versioned and deployed with the stack");
        IConstruct executionPolicy = task.executionRole.getNode().tryFindChild("DefaultPolicy");
        if (executionPolicy != null) {
            Nag.suppress(
                    executionPolicy,
                    inline,
                    Nag.rule(
                            "ecr:GetAuthorizationToken only accepts resource *; image pulls are scoped to the image's "
                                    + "repository and log writes to this service's log group",
                            List.of("Resource::*"),
                            "AwsSolutions-IAM5"));
        }
        IConstruct taskPolicy = task.taskRole.getNode().tryFindChild("DefaultPolicy");
        if (taskPolicy != null) {
            Nag.suppress(taskPolicy, inline);
        }
        loadBalancing.suppressInherentFindings();
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
        return task.taskRole;
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
        return loadBalancing.targetGroup.getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, options);
    }

    // ---------------------------------------------------------------- children

    /** @return the ECS service */
    public FargateService getService() {
        return service;
    }

    /** @return the task definition */
    public FargateTaskDefinition getTaskDefinition() {
        return task.taskDefinition;
    }

    /** @return the application container */
    public ContainerDefinition getContainer() {
        return task.container;
    }

    /** @return every container of the task definition, the application container first */
    public List<ContainerDefinition> getContainers() {
        List<ContainerDefinition> all = new ArrayList<>();
        all.add(task.container);
        for (IConstruct child : task.taskDefinition.getNode().getChildren()) {
            if (child instanceof ContainerDefinition && child != task.container) {
                all.add((ContainerDefinition) child);
            }
        }
        return all;
    }

    /** @return the container log group */
    public LogGroup getLogGroup() {
        return task.logGroup;
    }

    /** @return the key that encrypts the log group: the one created, or {@code logKey} */
    public IKey getLogKey() {
        return task.logKey;
    }

    /** @return the application's role; grant it what the application needs ({@code addToPolicy}, L2 grants) */
    public Role getTaskRole() {
        return task.taskRole;
    }

    /** @return the role ECS uses to pull images and write logs */
    public Role getExecutionRole() {
        return task.executionRole;
    }

    /** @return the load balancer */
    public ApplicationLoadBalancer getLoadBalancer() {
        return loadBalancing.loadBalancer;
    }

    /** @return the production listener (HTTPS when a certificate is set, HTTP otherwise) */
    public ApplicationListener getListener() {
        return loadBalancing.listener;
    }

    /** @return the HTTP listener that redirects to HTTPS, or null without a certificate */
    public @Nullable ApplicationListener getRedirectListener() {
        return loadBalancing.redirectListener;
    }

    /** @return the target group of the service */
    public ApplicationTargetGroup getTargetGroup() {
        return loadBalancing.targetGroup;
    }

    /** @return the bucket that receives load-balancer access logs: the one created, or {@code accessLogsBucket} */
    public IBucket getAccessLogsBucket() {
        return loadBalancing.accessLogsBucket;
    }

    /** @return the cluster */
    public ICluster getCluster() {
        return service.getCluster();
    }

    // ---------------------------------------------------------------- settings (defaults resolved)

    /** @return the application container's name */
    public String getContainerName() {
        return settings.containerName;
    }

    /** @return the application container's port: a whole number, or the token it was given as */
    public Number getContainerPort() {
        return settings.containerPort;
    }

    /** @return the health check of the target group, defaults resolved (a green target group copies it) */
    public HealthCheck getHealthCheck() {
        return settings.healthCheck;
    }

    /** @return how long the target group drains a deregistered task */
    public Duration getDeregistrationDelay() {
        return settings.deregistrationDelay;
    }

    /** @return the deployment controller of the service: ECS or CODE_DEPLOY */
    public DeploymentControllerType getDeploymentController() {
        return settings.deploymentController;
    }

    /** @return the Fargate platform version of the service */
    public FargatePlatformVersion getPlatformVersion() {
        return settings.platformVersion;
    }

    /** @return the certificate of the production listener, or null when it serves plain HTTP */
    public @Nullable ICertificate getCertificate() {
        return settings.certificate;
    }

    /** @return the TLS policy of the production listener, or null when it serves plain HTTP */
    public @Nullable SslPolicy getSslPolicy() {
        return settings.sslPolicy;
    }

    /** @return the production listener's port: 443 with a certificate, 80 without */
    public int getListenerPort() {
        return settings.listenerPort;
    }

    /** @return the port of the HTTP listener that redirects to HTTPS, or null without a certificate */
    public @Nullable Integer getRedirectPort() {
        return settings.redirectPort;
    }

    /** @return true when the production listener serves HTTPS */
    public boolean isHttps() {
        return settings.isHttps();
    }

    /**
     * Releases this service with ECS's own blue/green, linear or canary deployments instead of rolling updates.
     * Called by the construct that owns the green target group and listener rules (such as
     * {@code bluegreen.NativeBlueGreenService}); the service writes it on its own resource. Lifecycle hooks added
     * later through {@link #getService()} ({@code addLifecycleHook}) are rendered after those of {@code delivery};
     * the deployment alarms are those of {@code delivery} only ({@code enableDeploymentAlarms} on the service is
     * written over: give {@code NativeBlueGreenService} the alarms instead).
     *
     * @param delivery the strategy, alternate target, rules, role, hooks and alarms
     * @throws io.github.securefargate.ValidationException when this service uses the CODE_DEPLOY controller or an
     *     explicit {@code circuitBreaker(true)}, or native delivery is already set
     */
    public void useNativeDelivery(final NativeDelivery delivery) {
        if (settings.isCodeDeploy()) {
            throw Check.fail(this, "deploymentController", "must be ECS for native delivery, got CODE_DEPLOY");
        }
        if (nativeDelivery != null) {
            throw Check.fail(this, "nativeDelivery", "can be set once, got a second call");
        }
        DeliveryFeature.applyNative(this, settings, service, loadBalancing.targetGroup.getTargetGroupArn(), delivery);
        this.nativeDelivery = delivery;
    }

    /** @return the native delivery set with {@link #useNativeDelivery(NativeDelivery)}; null for rolling/CodeDeploy */
    public @Nullable NativeDelivery getNativeDelivery() {
        return nativeDelivery;
    }

    /** @return the ports of the production listeners: the listener port and, with HTTPS, the redirect port */
    public List<Integer> getListenerPorts() {
        return settings.redirectPort != null
                ? List.of(settings.listenerPort, settings.redirectPort)
                : List.of(settings.listenerPort);
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

        /** @see SecureFargateServiceProps#getIngressPeers() */
        public Builder ingressPeers(final List<IPeer> ingressPeers) {
            props.ingressPeers(ingressPeers);
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

        /** @see SecureFargateServiceProps#getVpcSubnets() */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @return the construct */
        public SecureFargateService build() {
            return new SecureFargateService(scope, id, props.build());
        }
    }
}
