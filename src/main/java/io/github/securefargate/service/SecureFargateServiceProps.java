package io.github.securefargate.service;

import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;

/** Properties of {@link SecureFargateService}. */
public final class SecureFargateServiceProps {
    private final ICluster cluster;
    private final ContainerImage image;
    private final @Nullable String containerName;
    private final @Nullable Number containerPort;
    private final @Nullable Number cpu;
    private final @Nullable Number memoryLimitMiB;
    private final @Nullable Number ephemeralStorageGiB;
    private final @Nullable CpuArchitecture cpuArchitecture;
    private final @Nullable FargatePlatformVersion platformVersion;
    private final @Nullable Map<String, String> environment;
    private final @Nullable Map<String, Secret> secrets;
    private final @Nullable String user;
    private final @Nullable Boolean readonlyRootFilesystem;
    private final @Nullable RetentionDays logRetention;
    private final @Nullable IKey logKey;
    private final @Nullable Boolean logKeyPolicyManagedExternally;
    private final @Nullable Number desiredCount;
    private final @Nullable Number minHealthyPercent;
    private final @Nullable Number maxHealthyPercent;
    private final @Nullable Boolean circuitBreaker;
    private final @Nullable DeploymentControllerType deploymentController;
    private final @Nullable Duration healthCheckGracePeriod;
    private final @Nullable String healthCheckPath;
    private final @Nullable Duration healthCheckInterval;
    private final @Nullable Number healthyThresholdCount;
    private final @Nullable Number unhealthyThresholdCount;
    private final @Nullable Duration healthCheckTimeout;
    private final @Nullable Duration deregistrationDelay;
    private final @Nullable ICertificate certificate;
    private final @Nullable SslPolicy sslPolicy;
    private final @Nullable Boolean publicLoadBalancer;
    private final @Nullable List<IPeer> ingressPeers;
    private final @Nullable Boolean loadBalancerDeletionProtection;
    private final @Nullable IBucket accessLogsBucket;
    private final @Nullable IWebACLRef webAcl;
    private final @Nullable SubnetSelection vpcSubnets;

    private SecureFargateServiceProps(final Builder b) {
        this.cluster = b.cluster;
        this.image = b.image;
        this.containerName = b.containerName;
        this.containerPort = b.containerPort;
        this.cpu = b.cpu;
        this.memoryLimitMiB = b.memoryLimitMiB;
        this.ephemeralStorageGiB = b.ephemeralStorageGiB;
        this.cpuArchitecture = b.cpuArchitecture;
        this.platformVersion = b.platformVersion;
        this.environment = b.environment == null ? null : Map.copyOf(b.environment);
        this.secrets = b.secrets == null ? null : Map.copyOf(b.secrets);
        this.user = b.user;
        this.readonlyRootFilesystem = b.readonlyRootFilesystem;
        this.logRetention = b.logRetention;
        this.logKey = b.logKey;
        this.logKeyPolicyManagedExternally = b.logKeyPolicyManagedExternally;
        this.desiredCount = b.desiredCount;
        this.minHealthyPercent = b.minHealthyPercent;
        this.maxHealthyPercent = b.maxHealthyPercent;
        this.circuitBreaker = b.circuitBreaker;
        this.deploymentController = b.deploymentController;
        this.healthCheckGracePeriod = b.healthCheckGracePeriod;
        this.healthCheckPath = b.healthCheckPath;
        this.healthCheckInterval = b.healthCheckInterval;
        this.healthyThresholdCount = b.healthyThresholdCount;
        this.unhealthyThresholdCount = b.unhealthyThresholdCount;
        this.healthCheckTimeout = b.healthCheckTimeout;
        this.deregistrationDelay = b.deregistrationDelay;
        this.certificate = b.certificate;
        this.sslPolicy = b.sslPolicy;
        this.publicLoadBalancer = b.publicLoadBalancer;
        this.ingressPeers = b.ingressPeers == null ? null : List.copyOf(b.ingressPeers);
        this.loadBalancerDeletionProtection = b.loadBalancerDeletionProtection;
        this.accessLogsBucket = b.accessLogsBucket;
        this.webAcl = b.webAcl;
        this.vpcSubnets = b.vpcSubnets;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Cluster the service runs in; its VPC hosts the tasks and the load balancer. Required.
     */
    public ICluster getCluster() {
        return cluster;
    }

    /**
     * Image of the application container. Required.
     */
    public ContainerImage getImage() {
        return image;
    }

    /**
     * Name of the application container: 1-255 letters, digits, {@code -} or {@code _}.
     *
     * @default {@value SecureFargateService#DEFAULT_CONTAINER_NAME}
     */
    public @Nullable String getContainerName() {
        return containerName;
    }

    /**
     * Port the application container listens on (HTTP), a whole number of 1-65535. A token (e.g. a
     * {@code CfnParameter}) stays a token in the port mapping, target group and security-group rule.
     *
     * @default {@value SecureFargateService#DEFAULT_CONTAINER_PORT}
     */
    public @Nullable Number getContainerPort() {
        return containerPort;
    }

    /**
     * Task CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384.
     *
     * @default {@value SecureFargateService#DEFAULT_CPU}
     */
    public @Nullable Number getCpu() {
        return cpu;
    }

    /**
     * Task memory in MiB; must be allowed for {@link #getCpu()} by the Fargate table.
     *
     * @default {@value SecureFargateService#DEFAULT_MEMORY_MIB}
     */
    public @Nullable Number getMemoryLimitMiB() {
        return memoryLimitMiB;
    }

    /**
     * Task ephemeral storage in GiB, a whole number of 21-200. Encrypted with the cluster's key when the cluster is an
     * {@link io.github.securefargate.cluster.EncryptedCluster}.
     *
     * @default - Fargate's default of 20 GiB
     */
    public @Nullable Number getEphemeralStorageGiB() {
        return ephemeralStorageGiB;
    }

    /**
     * CPU architecture of the task (the image must match).
     *
     * @default CpuArchitecture.X86_64
     */
    public @Nullable CpuArchitecture getCpuArchitecture() {
        return cpuArchitecture;
    }

    /**
     * Fargate platform version; 1.4.0 or later.
     *
     * @default FargatePlatformVersion.LATEST
     */
    public @Nullable FargatePlatformVersion getPlatformVersion() {
        return platformVersion;
    }

    /**
     * Environment variables of the application container.
     *
     * @default - none
     */
    public @Nullable Map<String, String> getEnvironment() {
        return environment;
    }

    /**
     * Secrets injected into the application container; the execution role is granted read access to each.
     *
     * @default - none
     */
    public @Nullable Map<String, Secret> getSecrets() {
        return secrets;
    }

    /**
     * User (name, uid or uid:gid) the container runs as. Set it to run as non-root.
     *
     * @default - the image's user
     */
    public @Nullable String getUser() {
        return user;
    }

    /**
     * Mount the container's root filesystem read-only.
     *
     * @default false
     */
    public @Nullable Boolean getReadonlyRootFilesystem() {
        return readonlyRootFilesystem;
    }

    /**
     * Retention of the container log group.
     *
     * @default RetentionDays.ONE_YEAR
     */
    public @Nullable RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * Customer-managed key that encrypts the container log group. CloudWatch Logs must be allowed to use it, or
     * creating the log group fails at deploy time: for a key of this app the construct adds that key-policy statement
     * ({@code logs.<region>.amazonaws.com}, limited to log groups of this account); for an imported key, add it
     * where the key is defined and set {@link #getLogKeyPolicyManagedExternally()}.
     *
     * @default - a new key with rotation, retained on delete
     */
    public @Nullable IKey getLogKey() {
        return logKey;
    }

    /**
     * Acknowledges that {@link #getLogKey()} is an imported key whose policy already lets CloudWatch Logs of this
     * Region use it for this account's log groups. Required with an imported key (the construct cannot edit its
     * policy); rejected with a key of this app or without a key.
     *
     * @default false
     */
    public @Nullable Boolean getLogKeyPolicyManagedExternally() {
        return logKeyPolicyManagedExternally;
    }

    /**
     * Number of tasks, at least 1.
     *
     * @default {@value SecureFargateService#DEFAULT_DESIRED_COUNT}
     */
    public @Nullable Number getDesiredCount() {
        return desiredCount;
    }

    /**
     * Lower limit of running tasks during a deployment, in percent of the desired count; lower than
     * {@link #getMaxHealthyPercent()}.
     *
     * @default {@value SecureFargateService#DEFAULT_MIN_HEALTHY_PERCENT}
     */
    public @Nullable Number getMinHealthyPercent() {
        return minHealthyPercent;
    }

    /**
     * Upper limit of running tasks during a deployment, in percent of the desired count.
     *
     * @default {@value SecureFargateService#DEFAULT_MAX_HEALTHY_PERCENT}
     */
    public @Nullable Number getMaxHealthyPercent() {
        return maxHealthyPercent;
    }

    /**
     * Deployment circuit breaker with rollback. Applies to rolling deployments of the ECS deployment controller only;
     * setting it to {@code true} with {@code CODE_DEPLOY}, or on a service released by ECS-native delivery
     * ({@code bluegreen.NativeBlueGreenService}, whose alarms and hooks roll back instead), is an error.
     *
     * @default - true for rolling deployments of the ECS deployment controller; none with native delivery or
     *     CODE_DEPLOY
     */
    public @Nullable Boolean getCircuitBreaker() {
        return circuitBreaker;
    }

    /**
     * Deployment controller: {@code ECS} or {@code CODE_DEPLOY} ({@code EXTERNAL} is rejected). With
     * {@code CODE_DEPLOY} the service references its task definition by family (latest
     * revision) so that CloudFormation never has to update it, and the circuit breaker is off.
     *
     * @default DeploymentControllerType.ECS
     */
    public @Nullable DeploymentControllerType getDeploymentController() {
        return deploymentController;
    }

    /**
     * Time after a task starts during which failed load-balancer health checks are ignored.
     *
     * @default Duration.seconds({@value SecureFargateService#DEFAULT_HEALTH_CHECK_GRACE_SECONDS})
     */
    public @Nullable Duration getHealthCheckGracePeriod() {
        return healthCheckGracePeriod;
    }

    /**
     * HTTP path of the target-group health check; must start with {@code /}, at most 1024 characters.
     *
     * @default {@value SecureFargateService#DEFAULT_HEALTH_CHECK_PATH}
     */
    public @Nullable String getHealthCheckPath() {
        return healthCheckPath;
    }

    /**
     * Interval of the target-group health check, 5-300 whole seconds (a token must be built with
     * {@code Duration.seconds(token)}). Interval x healthy threshold is how long a new task waits before it takes
     * traffic.
     *
     * @default Duration.seconds({@value SecureFargateService#DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS})
     */
    public @Nullable Duration getHealthCheckInterval() {
        return healthCheckInterval;
    }

    /**
     * Consecutive successful checks before a target is healthy, 2-10.
     *
     * @default {@value SecureFargateService#DEFAULT_HEALTHY_THRESHOLD}
     */
    public @Nullable Number getHealthyThresholdCount() {
        return healthyThresholdCount;
    }

    /**
     * Consecutive failed checks before a target is unhealthy, 2-10.
     *
     * @default {@value SecureFargateService#DEFAULT_UNHEALTHY_THRESHOLD}
     */
    public @Nullable Number getUnhealthyThresholdCount() {
        return unhealthyThresholdCount;
    }

    /**
     * Timeout of one health check, 2-120 seconds and shorter than the interval.
     *
     * @default Duration.seconds({@value SecureFargateService#DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS})
     */
    public @Nullable Duration getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    /**
     * Time the load balancer keeps draining connections to a deregistering task, 0-3600 seconds.
     *
     * @default Duration.seconds({@value SecureFargateService#DEFAULT_DEREGISTRATION_DELAY_SECONDS})
     */
    public @Nullable Duration getDeregistrationDelay() {
        return deregistrationDelay;
    }

    /**
     * Certificate for the HTTPS listener. Without one the listener is plain HTTP and a warning is emitted.
     *
     * @default - no certificate: HTTP only, with warning {@value SecureFargateService#WARNING_HTTP_ONLY}
     */
    public @Nullable ICertificate getCertificate() {
        return certificate;
    }

    /**
     * TLS policy of the HTTPS listener.
     *
     * @default SslPolicy.RECOMMENDED_TLS
     */
    public @Nullable SslPolicy getSslPolicy() {
        return sslPolicy;
    }

    /**
     * Whether the load balancer is internet-facing (in public subnets) or internal (in private subnets).
     *
     * @default true
     */
    public @Nullable Boolean getPublicLoadBalancer() {
        return publicLoadBalancer;
    }

    /**
     * Sources allowed to reach the listeners ({@code Peer.ipv4("10.0.0.0/16")}, {@code Peer.prefixList(...)}, a
     * security group...). An IPv4 CIDR peer must have octets 0-255 and a mask 0-32.
     *
     * @default - {@code Peer.anyIpv4()} for a public load balancer, the VPC CIDR for an internal one
     */
    public @Nullable List<IPeer> getIngressPeers() {
        return ingressPeers;
    }

    /**
     * Deletion protection of the load balancer. With it on, the stack cannot be deleted until it is turned off.
     *
     * @default true
     */
    public @Nullable Boolean getLoadBalancerDeletionProtection() {
        return loadBalancerDeletionProtection;
    }

    /**
     * Bucket for load-balancer access logs. It must be SSE-S3 encrypted: ELB cannot write to a bucket encrypted with
     * KMS, so a bucket with a KMS key (or {@code BucketEncryption.KMS_MANAGED}) is rejected. Share one bucket across
     * services to save cost.
     *
     * @default - a new encrypted, versioned, TLS-only bucket with public access blocked, retained on delete
     */
    public @Nullable IBucket getAccessLogsBucket() {
        return accessLogsBucket;
    }

    /**
     * AWS WAF web ACL (regional scope) associated with the load balancer.
     *
     * @default - none
     */
    public @Nullable IWebACLRef getWebAcl() {
        return webAcl;
    }

    /**
     * Subnets of the tasks. Tasks never get a public IP.
     *
     * @default - private subnets with egress
     */
    public @Nullable SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /** Builder for {@link SecureFargateServiceProps}. */
    public static final class Builder {
        private ICluster cluster;
        private ContainerImage image;
        private String containerName;
        private Number containerPort;
        private Number cpu;
        private Number memoryLimitMiB;
        private Number ephemeralStorageGiB;
        private CpuArchitecture cpuArchitecture;
        private FargatePlatformVersion platformVersion;
        private Map<String, String> environment;
        private Map<String, Secret> secrets;
        private String user;
        private Boolean readonlyRootFilesystem;
        private RetentionDays logRetention;
        private IKey logKey;
        private Boolean logKeyPolicyManagedExternally;
        private Number desiredCount;
        private Number minHealthyPercent;
        private Number maxHealthyPercent;
        private Boolean circuitBreaker;
        private DeploymentControllerType deploymentController;
        private Duration healthCheckGracePeriod;
        private String healthCheckPath;
        private Duration healthCheckInterval;
        private Number healthyThresholdCount;
        private Number unhealthyThresholdCount;
        private Duration healthCheckTimeout;
        private Duration deregistrationDelay;
        private ICertificate certificate;
        private SslPolicy sslPolicy;
        private Boolean publicLoadBalancer;
        private List<IPeer> ingressPeers;
        private Boolean loadBalancerDeletionProtection;
        private IBucket accessLogsBucket;
        private IWebACLRef webAcl;
        private SubnetSelection vpcSubnets;

        private Builder() {}

        /** @see SecureFargateServiceProps#getCluster() */
        public Builder cluster(final ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** @see SecureFargateServiceProps#getImage() */
        public Builder image(final ContainerImage image) {
            this.image = image;
            return this;
        }

        /** @see SecureFargateServiceProps#getContainerName() */
        public Builder containerName(final String containerName) {
            this.containerName = containerName;
            return this;
        }

        /** @see SecureFargateServiceProps#getContainerPort() */
        public Builder containerPort(final Number containerPort) {
            this.containerPort = containerPort;
            return this;
        }

        /** @see SecureFargateServiceProps#getCpu() */
        public Builder cpu(final Number cpu) {
            this.cpu = cpu;
            return this;
        }

        /** @see SecureFargateServiceProps#getMemoryLimitMiB() */
        public Builder memoryLimitMiB(final Number memoryLimitMiB) {
            this.memoryLimitMiB = memoryLimitMiB;
            return this;
        }

        /** @see SecureFargateServiceProps#getEphemeralStorageGiB() */
        public Builder ephemeralStorageGiB(final Number ephemeralStorageGiB) {
            this.ephemeralStorageGiB = ephemeralStorageGiB;
            return this;
        }

        /** @see SecureFargateServiceProps#getCpuArchitecture() */
        public Builder cpuArchitecture(final CpuArchitecture cpuArchitecture) {
            this.cpuArchitecture = cpuArchitecture;
            return this;
        }

        /** @see SecureFargateServiceProps#getPlatformVersion() */
        public Builder platformVersion(final FargatePlatformVersion platformVersion) {
            this.platformVersion = platformVersion;
            return this;
        }

        /** @see SecureFargateServiceProps#getEnvironment() */
        public Builder environment(final Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** @see SecureFargateServiceProps#getSecrets() */
        public Builder secrets(final Map<String, Secret> secrets) {
            this.secrets = secrets;
            return this;
        }

        /** @see SecureFargateServiceProps#getUser() */
        public Builder user(final String user) {
            this.user = user;
            return this;
        }

        /** @see SecureFargateServiceProps#getReadonlyRootFilesystem() */
        public Builder readonlyRootFilesystem(final Boolean readonlyRootFilesystem) {
            this.readonlyRootFilesystem = readonlyRootFilesystem;
            return this;
        }

        /** @see SecureFargateServiceProps#getLogRetention() */
        public Builder logRetention(final RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @see SecureFargateServiceProps#getLogKey() */
        public Builder logKey(final IKey logKey) {
            this.logKey = logKey;
            return this;
        }

        /** @see SecureFargateServiceProps#getLogKeyPolicyManagedExternally() */
        public Builder logKeyPolicyManagedExternally(final Boolean value) {
            this.logKeyPolicyManagedExternally = value;
            return this;
        }

        /** @see SecureFargateServiceProps#getDesiredCount() */
        public Builder desiredCount(final Number desiredCount) {
            this.desiredCount = desiredCount;
            return this;
        }

        /** @see SecureFargateServiceProps#getMinHealthyPercent() */
        public Builder minHealthyPercent(final Number minHealthyPercent) {
            this.minHealthyPercent = minHealthyPercent;
            return this;
        }

        /** @see SecureFargateServiceProps#getMaxHealthyPercent() */
        public Builder maxHealthyPercent(final Number maxHealthyPercent) {
            this.maxHealthyPercent = maxHealthyPercent;
            return this;
        }

        /** @see SecureFargateServiceProps#getCircuitBreaker() */
        public Builder circuitBreaker(final Boolean circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        /** @see SecureFargateServiceProps#getDeploymentController() */
        public Builder deploymentController(final DeploymentControllerType deploymentController) {
            this.deploymentController = deploymentController;
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckGracePeriod() */
        public Builder healthCheckGracePeriod(final Duration healthCheckGracePeriod) {
            this.healthCheckGracePeriod = healthCheckGracePeriod;
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckPath() */
        public Builder healthCheckPath(final String healthCheckPath) {
            this.healthCheckPath = healthCheckPath;
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckInterval() */
        public Builder healthCheckInterval(final Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthyThresholdCount() */
        public Builder healthyThresholdCount(final Number healthyThresholdCount) {
            this.healthyThresholdCount = healthyThresholdCount;
            return this;
        }

        /** @see SecureFargateServiceProps#getUnhealthyThresholdCount() */
        public Builder unhealthyThresholdCount(final Number unhealthyThresholdCount) {
            this.unhealthyThresholdCount = unhealthyThresholdCount;
            return this;
        }

        /** @see SecureFargateServiceProps#getHealthCheckTimeout() */
        public Builder healthCheckTimeout(final Duration healthCheckTimeout) {
            this.healthCheckTimeout = healthCheckTimeout;
            return this;
        }

        /** @see SecureFargateServiceProps#getDeregistrationDelay() */
        public Builder deregistrationDelay(final Duration deregistrationDelay) {
            this.deregistrationDelay = deregistrationDelay;
            return this;
        }

        /** @see SecureFargateServiceProps#getCertificate() */
        public Builder certificate(final ICertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /** @see SecureFargateServiceProps#getSslPolicy() */
        public Builder sslPolicy(final SslPolicy sslPolicy) {
            this.sslPolicy = sslPolicy;
            return this;
        }

        /** @see SecureFargateServiceProps#getPublicLoadBalancer() */
        public Builder publicLoadBalancer(final Boolean publicLoadBalancer) {
            this.publicLoadBalancer = publicLoadBalancer;
            return this;
        }

        /** @see SecureFargateServiceProps#getIngressPeers() */
        public Builder ingressPeers(final List<IPeer> ingressPeers) {
            this.ingressPeers = ingressPeers;
            return this;
        }

        /** @see SecureFargateServiceProps#getLoadBalancerDeletionProtection() */
        public Builder loadBalancerDeletionProtection(final Boolean loadBalancerDeletionProtection) {
            this.loadBalancerDeletionProtection = loadBalancerDeletionProtection;
            return this;
        }

        /** @see SecureFargateServiceProps#getAccessLogsBucket() */
        public Builder accessLogsBucket(final IBucket accessLogsBucket) {
            this.accessLogsBucket = accessLogsBucket;
            return this;
        }

        /** @see SecureFargateServiceProps#getWebAcl() */
        public Builder webAcl(final IWebACLRef webAcl) {
            this.webAcl = webAcl;
            return this;
        }

        /** @see SecureFargateServiceProps#getVpcSubnets() */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public SecureFargateServiceProps build() {
            if (cluster == null) {
                throw new IllegalArgumentException("SecureFargateServiceProps: cluster is required, got nothing");
            }
            if (image == null) {
                throw new IllegalArgumentException("SecureFargateServiceProps: image is required, got nothing");
            }
            return new SecureFargateServiceProps(this);
        }
    }
}
