package io.github.securefargate.internal;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.CfnTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;

/**
 * Health checks whose interval or timeout is a token. aws-cdk-lib's target-group validation compares the interval
 * with the timeout in milliseconds, which it cannot do for a token (a {@code Duration.seconds(token)} cannot be
 * converted), so such a health check fails deep inside aws-cdk-lib even though CloudFormation would take it. The
 * library hands the L2 a health check without the two durations and writes them, in seconds, on the L1 resource.
 *
 * <p>Not part of the public API.
 */
public final class TargetGroups {
    /** Target-group attribute that holds the deregistration delay, in seconds. */
    public static final String DEREGISTRATION_DELAY_ATTRIBUTE = "deregistration_delay.timeout_seconds";

    private TargetGroups() {}

    /**
     * Sets the deregistration delay of a target group built without one, as the L2's {@code deregistrationDelay}
     * renders it (whole seconds, or the token). The delay was checked to be renderable in seconds
     * ({@link Check#secondsBetween}).
     */
    public static void setDeregistrationDelay(final ApplicationTargetGroup targetGroup, final Duration delay) {
        double seconds = Shared.toSeconds(delay);
        targetGroup.setAttribute(
                DEREGISTRATION_DELAY_ATTRIBUTE, Check.isToken(seconds) ? Token.asString(seconds) : Check.fmt(seconds));
    }

    /** @return true when the interval or the timeout of {@code healthCheck} is a token */
    public static boolean hasTokenTiming(final HealthCheck healthCheck) {
        return (healthCheck.getInterval() != null && Shared.isUnresolved(healthCheck.getInterval()))
                || (healthCheck.getTimeout() != null && Shared.isUnresolved(healthCheck.getTimeout()));
    }

    /** @return the health check to give the L2 target group: without interval and timeout when either is a token */
    public static HealthCheck forL2(final HealthCheck healthCheck) {
        if (!hasTokenTiming(healthCheck)) {
            return healthCheck;
        }
        return HealthCheck.builder()
                .enabled(healthCheck.getEnabled())
                .healthyGrpcCodes(healthCheck.getHealthyGrpcCodes())
                .healthyHttpCodes(healthCheck.getHealthyHttpCodes())
                .healthyThresholdCount(healthCheck.getHealthyThresholdCount())
                .path(healthCheck.getPath())
                .port(healthCheck.getPort())
                .protocol(healthCheck.getProtocol())
                .unhealthyThresholdCount(healthCheck.getUnhealthyThresholdCount())
                .build();
    }

    /**
     * Writes interval and timeout of {@code healthCheck} on the L1 target group when {@link #forL2} left them out.
     * The durations were checked to be renderable in seconds ({@link Check#secondsBetween}).
     */
    public static void renderTokenTiming(final ApplicationTargetGroup targetGroup, final HealthCheck healthCheck) {
        if (!hasTokenTiming(healthCheck)) {
            return;
        }
        CfnTargetGroup cfn = (CfnTargetGroup) targetGroup.getNode().getDefaultChild();
        if (healthCheck.getInterval() != null) {
            cfn.setHealthCheckIntervalSeconds(healthCheck.getInterval().toSeconds());
        }
        if (healthCheck.getTimeout() != null) {
            cfn.setHealthCheckTimeoutSeconds(healthCheck.getTimeout().toSeconds());
        }
    }
}
