package io.github.securefargate.bluegreen;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.internal.TargetGroups;
import io.github.securefargate.service.SecureFargateService;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.constructs.Construct;

/**
 * The green target group and the test listener (its port and its source) that {@link BlueGreenService} and
 * {@link NativeBlueGreenService} add to a service, from the service's typed settings. Creates the green target group in the owner's scope (id
 * {@code GreenTargetGroup}) and the test listener on the service's load balancer (id {@code TestListener}).
 *
 * <p>Not part of the public API.
 */
final class GreenRouting {
    private GreenRouting() {}

    /** @return the green target group: the blue target group's port, health check and deregistration delay */
    static ApplicationTargetGroup greenTargetGroup(final Construct owner, final SecureFargateService service) {
        ApplicationTargetGroup green = ApplicationTargetGroup.Builder.create(owner, "GreenTargetGroup")
                .vpc(service.getCluster().getVpc())
                .port(service.getContainerPort())
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.IP)
                .healthCheck(TargetGroups.forL2(service.getHealthCheck()))
                .build();
        TargetGroups.renderTokenTiming(green, service.getHealthCheck());
        TargetGroups.setDeregistrationDelay(green, service.getDeregistrationDelay());
        return green;
    }

    /**
     * @return the test listener's port, {@code given} or {@link BlueGreenService#DEFAULT_TEST_LISTENER_PORT}, normalized
     *     (a token stays a token); fails unless it is a port and no production listener of {@code service} uses it
     */
    static Number testListenerPort(
            final Construct owner, final SecureFargateService service, final @Nullable Number given) {
        Number port = orDefault(given, BlueGreenService.DEFAULT_TEST_LISTENER_PORT);
        Check.wholeBetween(owner, "testListenerPort", port, 1, 65535);
        List<Integer> production = service.getListenerPorts();
        if (!Check.isToken(port) && production.contains(port.intValue())) {
            throw Check.fail(
                    owner,
                    "testListenerPort",
                    "must differ from the ports of the production listeners " + production
                            + (production.size() > 1 ? " (HTTPS and its HTTP redirect)" : "") + ", got "
                            + port.intValue());
        }
        return Check.normalizeWhole(port);
    }

    /**
     * @return a test listener on {@code port} of the service's load balancer with the production listener's
     *     certificate and TLS policy, forwarding to blue, reachable from {@code givenSource} only, or from the VPC's
     *     CIDR when none is given
     */
    static ApplicationListener testListener(
            final Construct owner,
            final SecureFargateService service,
            final Number port,
            final @Nullable IPeer givenSource) {
        boolean sourceGiven = givenSource != null;
        IPeer source = sourceGiven
                ? givenSource
                : Peer.ipv4(service.getCluster().getVpc().getVpcCidrBlock());
        boolean https = service.isHttps();
        ApplicationListener listener = service.getLoadBalancer()
                .addListener(
                        "TestListener",
                        BaseApplicationListenerProps.builder()
                                .port(port)
                                .protocol(https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP)
                                .certificates(
                                        https
                                                ? List.of(ListenerCertificate.fromCertificateManager(
                                                        service.getCertificate()))
                                                : null)
                                .sslPolicy(service.getSslPolicy())
                                .defaultTargetGroups(List.of(service.getTargetGroup()))
                                .open(false)
                                .build());
        Connections loadBalancer = service.getLoadBalancer().getConnections();
        loadBalancer.allowFrom(source, Shared.tcp(port), "Test listener of " + Check.path(owner));
        if (Check.isToken(source.getUniqueId())) {
            // cdk-nag cannot evaluate an ingress rule whose CIDR is a token (the VPC CIDR by default).
            for (ISecurityGroup sg : loadBalancer.getSecurityGroups()) {
                Nag.suppress(
                        sg,
                        "The test listener's ingress source is "
                                + (sourceGiven ? "the given peer" : "the VPC CIDR")
                                + " (resolved at deploy time), never 0.0.0.0/0; its "
                                + "port is the test listener's only",
                        List.of(
                                "NIST.800.53.R5-EC2RestrictedCommonPorts", "NIST.800.53.R5-EC2RestrictedSSH",
                                "HIPAA.Security-EC2RestrictedCommonPorts", "HIPAA.Security-EC2RestrictedSSH",
                                "PCI.DSS.321-EC2RestrictedCommonPorts", "PCI.DSS.321-EC2RestrictedSSH"),
                        "CdkNagValidationFailure");
            }
        }
        if (List.of("0.0.0.0/0", "::/0").contains(source.getUniqueId())) {
            Annotations.of(owner)
                    .addWarningV2(
                            BlueGreenService.WARNING_PUBLIC_TEST_LISTENER,
                            "The test listener on port "
                                    + (Check.isToken(port) ? "(a token)" : port)
                                    + " is open to the "
                                    + "internet: it serves releases before they are approved for production. Pass "
                                    + "testTrafficSource(...) with your test network.");
        }
        return listener;
    }
}
