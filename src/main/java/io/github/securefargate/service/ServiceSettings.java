package io.github.securefargate.service;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.internal.Shared;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Every setting of a {@link SecureFargateService}, defaults resolved once and validated: the one source the
 * constructor, its feature helpers and the service's getters (which other constructs read) use.
 *
 * <p>Not part of the public API.
 */
final class ServiceSettings {
    /** Port of the HTTPS listener. */
    static final int HTTPS_PORT = 443;
    /** Port of the HTTP listener (plain HTTP, or the redirect to HTTPS). */
    static final int HTTP_PORT = 80;
    /** Status codes a healthy target answers the health check with. */
    static final String HEALTHY_HTTP_CODES = "200-399";

    final SecureFargateServiceProps props;
    final String containerName;
    /** Container port: a whole number, or the token it was given as. */
    final Number containerPort;

    final Number cpu;
    final Number memory;
    final CpuArchitecture cpuArchitecture;
    final FargatePlatformVersion platformVersion;
    final Number desiredCount;
    final Number minHealthyPercent;
    final Number maxHealthyPercent;
    final DeploymentControllerType deploymentController;
    final boolean circuitBreaker;
    final Duration healthCheckGracePeriod;
    final HealthCheck healthCheck;
    final Duration deregistrationDelay;
    final @Nullable ICertificate certificate;
    final @Nullable SslPolicy sslPolicy;
    final boolean publicLoadBalancer;
    final boolean loadBalancerDeletionProtection;
    final List<IPeer> ingressPeers;
    final int listenerPort;
    final @Nullable Integer redirectPort;
    final SubnetSelection vpcSubnets;
    final RetentionDays logRetention;
    final boolean readonlyRootFilesystem;
    final IVpc vpc;

    /** Resolves the defaults of {@code props} and validates them, failing with the path of {@code owner}. */
    ServiceSettings(final SecureFargateService owner, final SecureFargateServiceProps props) {
        this.props = props;
        this.containerName = orDefault(props.getContainerName(), SecureFargateService.DEFAULT_CONTAINER_NAME);
        Number port = orDefault(props.getContainerPort(), SecureFargateService.DEFAULT_CONTAINER_PORT);
        this.cpu = orDefault(props.getCpu(), SecureFargateService.DEFAULT_CPU);
        this.memory = orDefault(props.getMemoryLimitMiB(), SecureFargateService.DEFAULT_MEMORY_MIB);
        this.cpuArchitecture = orDefault(props.getCpuArchitecture(), CpuArchitecture.X86_64);
        this.platformVersion = orDefault(props.getPlatformVersion(), FargatePlatformVersion.LATEST);
        this.desiredCount = orDefault(props.getDesiredCount(), SecureFargateService.DEFAULT_DESIRED_COUNT);
        this.minHealthyPercent =
                orDefault(props.getMinHealthyPercent(), SecureFargateService.DEFAULT_MIN_HEALTHY_PERCENT);
        this.maxHealthyPercent =
                orDefault(props.getMaxHealthyPercent(), SecureFargateService.DEFAULT_MAX_HEALTHY_PERCENT);
        this.deploymentController = orDefault(props.getDeploymentController(), DeploymentControllerType.ECS);
        this.circuitBreaker = !isCodeDeploy() && orDefault(props.getCircuitBreaker(), Boolean.TRUE);
        this.healthCheckGracePeriod = orDefault(
                props.getHealthCheckGracePeriod(),
                Shared.seconds(SecureFargateService.DEFAULT_HEALTH_CHECK_GRACE_SECONDS));
        this.healthCheck = HealthCheck.builder()
                .path(orDefault(props.getHealthCheckPath(), SecureFargateService.DEFAULT_HEALTH_CHECK_PATH))
                .interval(orDefault(
                        props.getHealthCheckInterval(),
                        Shared.seconds(SecureFargateService.DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS)))
                .timeout(orDefault(
                        props.getHealthCheckTimeout(),
                        Shared.seconds(SecureFargateService.DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS)))
                .healthyThresholdCount(
                        orDefault(props.getHealthyThresholdCount(), SecureFargateService.DEFAULT_HEALTHY_THRESHOLD))
                .unhealthyThresholdCount(
                        orDefault(props.getUnhealthyThresholdCount(), SecureFargateService.DEFAULT_UNHEALTHY_THRESHOLD))
                .healthyHttpCodes(HEALTHY_HTTP_CODES)
                .build();
        this.deregistrationDelay = orDefault(
                props.getDeregistrationDelay(),
                Shared.seconds(SecureFargateService.DEFAULT_DEREGISTRATION_DELAY_SECONDS));
        this.certificate = props.getCertificate();
        this.sslPolicy = certificate != null ? orDefault(props.getSslPolicy(), SslPolicy.RECOMMENDED_TLS) : null;
        this.publicLoadBalancer = orDefault(props.getPublicLoadBalancer(), Boolean.TRUE);
        this.loadBalancerDeletionProtection = orDefault(props.getLoadBalancerDeletionProtection(), Boolean.TRUE);
        this.vpc = props.getCluster().getVpc();
        this.ingressPeers = props.getIngressPeers() != null
                ? List.copyOf(props.getIngressPeers())
                : publicLoadBalancer ? List.of(Shared.anyIpv4()) : List.of(Peer.ipv4(vpc.getVpcCidrBlock()));
        this.listenerPort = certificate != null ? HTTPS_PORT : HTTP_PORT;
        this.redirectPort = certificate != null ? HTTP_PORT : null;
        this.vpcSubnets = orDefault(
                props.getVpcSubnets(),
                SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build());
        this.logRetention = orDefault(props.getLogRetention(), RetentionDays.ONE_YEAR);
        this.readonlyRootFilesystem = orDefault(props.getReadonlyRootFilesystem(), Boolean.FALSE);

        validate(owner, port);
        // A token (e.g. CfnParameter.getValueAsNumber()) stays a token everywhere it flows.
        this.containerPort = Check.normalizeWhole(port);
    }

    boolean isHttps() {
        return certificate != null;
    }

    boolean isCodeDeploy() {
        return deploymentController == DeploymentControllerType.CODE_DEPLOY;
    }

    private void validate(final SecureFargateService owner, final Number port) {
        String region = Env.region(owner);
        if (Check.isToken(region)) {
            throw Check.fail(
                    owner,
                    "env.region",
                    "must be known at synth time: load-balancer access logging needs "
                            + "the Region's log-delivery principal, got an environment-agnostic stack; set "
                            + "StackProps.env(Environment.builder().account(...).region(...))");
        }
        Rules.region(owner, "env.region", region);
        Rules.containerName(owner, "containerName", containerName);
        Check.wholeBetween(owner, "containerPort", port, 1, 65535);
        Fargate.validateSize(owner, cpu, memory);
        Check.wholeBetween(
                owner,
                "ephemeralStorageGiB",
                props.getEphemeralStorageGiB(),
                Fargate.MIN_EPHEMERAL_STORAGE_GIB,
                Fargate.MAX_EPHEMERAL_STORAGE_GIB);
        Fargate.validatePlatformVersion(owner, "platformVersion", platformVersion);
        Check.wholeAtLeast(owner, "desiredCount", desiredCount, 1);
        Check.wholeAtLeast(owner, "minHealthyPercent", minHealthyPercent, 0);
        Check.wholeAtLeast(owner, "maxHealthyPercent", maxHealthyPercent, 1);
        if (deploymentController != DeploymentControllerType.ECS && !isCodeDeploy()) {
            throw Check.fail(
                    owner,
                    "deploymentController",
                    "must be ECS or CODE_DEPLOY, got " + deploymentController
                            + " (an EXTERNAL controller is not managed by this construct)");
        }
        Check.secondsBetween(
                owner,
                "healthCheckGracePeriod",
                props.getHealthCheckGracePeriod(),
                0,
                SecureFargateService.MAX_HEALTH_CHECK_GRACE_SECONDS);
        if (!Check.isToken(minHealthyPercent)
                && !Check.isToken(maxHealthyPercent)
                && minHealthyPercent.doubleValue() >= maxHealthyPercent.doubleValue()) {
            throw Check.fail(
                    owner,
                    "minHealthyPercent",
                    "must be lower than maxHealthyPercent ("
                            + Check.fmt(maxHealthyPercent.doubleValue())
                            + ") so that a deployment can replace tasks, got "
                            + Check.fmt(minHealthyPercent.doubleValue()));
        }
        if (isCodeDeploy() && Boolean.TRUE.equals(props.getCircuitBreaker())) {
            throw Check.fail(
                    owner,
                    "circuitBreaker",
                    "applies only to the ECS deployment controller, got true with "
                            + "CODE_DEPLOY; CodeDeploy rolls back through its deployment group's alarms instead");
        }
        Duration interval = healthCheck.getInterval();
        Duration timeout = healthCheck.getTimeout();
        Rules.healthCheckPath(owner, "healthCheckPath", healthCheck.getPath());
        Check.secondsBetween(owner, "healthCheckInterval", interval, 5, 300);
        Check.wholeBetween(owner, "healthyThresholdCount", healthCheck.getHealthyThresholdCount(), 2, 10);
        Check.wholeBetween(owner, "unhealthyThresholdCount", healthCheck.getUnhealthyThresholdCount(), 2, 10);
        Check.secondsBetween(owner, "healthCheckTimeout", timeout, 2, 120);
        if (!Shared.isUnresolved(interval)
                && !Shared.isUnresolved(timeout)
                && Shared.toSeconds(timeout) >= Shared.toSeconds(interval)) {
            throw Check.fail(
                    owner,
                    "healthCheckTimeout",
                    "must be shorter than healthCheckInterval (" + interval.toHumanString() + "), got "
                            + timeout.toHumanString());
        }
        Check.secondsBetween(owner, "deregistrationDelay", deregistrationDelay, 0, 3600);
        if (props.getIngressPeers() != null) {
            for (IPeer peer : props.getIngressPeers()) {
                Rules.ipv4Peer(owner, "ingressPeers", peer);
            }
        }
        Rules.accessLogsBucket(owner, "accessLogsBucket", props.getAccessLogsBucket());
        Rules.symmetricKey(owner, "logKey", props.getLogKey());
    }

    /** Warns, on {@code owner}, when health checks or draining take longer than the traffic-shift budget. */
    void warnOnSlowTrafficShift(final SecureFargateService owner) {
        Duration interval = healthCheck.getInterval();
        Number healthy = healthCheck.getHealthyThresholdCount();
        if (!Shared.isUnresolved(interval) && !Check.isToken(healthy)) {
            double toHealthy = Shared.toSeconds(interval) * healthy.doubleValue();
            if (toHealthy > SecureFargateService.TRAFFIC_SHIFT_BUDGET_SECONDS) {
                Annotations.of(owner)
                        .addWarningV2(
                                SecureFargateService.WARNING_SLOW_TRAFFIC_SHIFT,
                                "healthCheckInterval x "
                                        + "healthyThresholdCount is " + Check.fmt(toHealthy)
                                        + " s: new tasks wait longer than "
                                        + SecureFargateService.TRAFFIC_SHIFT_BUDGET_SECONDS
                                        + " s before they take traffic");
            }
        }
        if (!Shared.isUnresolved(deregistrationDelay)
                && Shared.toSeconds(deregistrationDelay) > SecureFargateService.TRAFFIC_SHIFT_BUDGET_SECONDS) {
            Annotations.of(owner)
                    .addWarningV2(
                            SecureFargateService.WARNING_SLOW_TRAFFIC_SHIFT,
                            "deregistrationDelay is "
                                    + deregistrationDelay.toHumanString() + ": draining tasks stay longer than "
                                    + SecureFargateService.TRAFFIC_SHIFT_BUDGET_SECONDS + " s");
        }
    }
}
