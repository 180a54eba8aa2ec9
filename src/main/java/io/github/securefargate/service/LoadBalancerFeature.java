package io.github.securefargate.service;

import io.github.securefargate.internal.AccessLogBuckets;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.internal.TargetGroups;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;

/**
 * The load balancer of a {@link SecureFargateService}: access-log bucket, hardened load balancer with its security
 * group, optional WAF association, target group, production listener and HTTP redirect. Creates its children in the
 * service's scope.
 *
 * <p>Not part of the public API.
 */
final class LoadBalancerFeature {
    final IBucket accessLogsBucket;
    final SecurityGroup securityGroup;
    final ApplicationLoadBalancer loadBalancer;
    final ApplicationTargetGroup targetGroup;
    final ApplicationListener listener;
    final @Nullable ApplicationListener redirectListener;

    LoadBalancerFeature(
            final SecureFargateService owner,
            final ServiceSettings settings,
            final FargateService service,
            final SecurityGroup serviceSecurityGroup) {
        SecureFargateServiceProps props = settings.props;
        boolean https = settings.isHttps();
        this.accessLogsBucket = props.getAccessLogsBucket() != null
                ? props.getAccessLogsBucket()
                : AccessLogBuckets.create(
                        owner,
                        "Load-balancer access logs can only be delivered to SSE-S3 buckets "
                                + "(ELB does not support SSE-KMS)");
        this.securityGroup = SecurityGroup.Builder.create(owner, "LoadBalancerSecurityGroup")
                .vpc(settings.vpc)
                .description("Load balancer of " + Check.path(owner))
                .allowAllOutbound(false)
                .build();
        this.loadBalancer = ApplicationLoadBalancer.Builder.create(owner, "LoadBalancer")
                .vpc(settings.vpc)
                .internetFacing(settings.publicLoadBalancer)
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(settings.publicLoadBalancer ? SubnetType.PUBLIC : SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .securityGroup(securityGroup)
                .dropInvalidHeaderFields(true)
                .deletionProtection(settings.loadBalancerDeletionProtection)
                .build();
        loadBalancer.logAccessLogs(accessLogsBucket, "alb/" + owner.getNode().getAddr());
        if (props.getWebAcl() != null) {
            CfnWebACLAssociation.Builder.create(owner, "WebAclAssociation")
                    .resourceArn(loadBalancer.getLoadBalancerArn())
                    .webAclArn(webAclArn(props.getWebAcl()))
                    .build();
        }

        this.targetGroup = ApplicationTargetGroup.Builder.create(owner, "TargetGroup")
                .vpc(settings.vpc)
                .port(settings.containerPort)
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.IP)
                .deregistrationDelay(settings.deregistrationDelay)
                .healthCheck(TargetGroups.forL2(settings.healthCheck))
                .build();
        TargetGroups.renderTokenTiming(targetGroup, settings.healthCheck);
        // addTarget is attachToApplicationTargetGroup plus a check of the target type, without handing its result
        // struct to Java.
        targetGroup.addTarget(service);

        this.listener = loadBalancer.addListener(
                https ? "Https" : "Http",
                BaseApplicationListenerProps.builder()
                        .port(settings.listenerPort)
                        .protocol(https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP)
                        .certificates(
                                https
                                        ? List.of(ListenerCertificate.fromCertificateManager(settings.certificate))
                                        : null)
                        .sslPolicy(settings.sslPolicy)
                        .defaultTargetGroups(List.of(targetGroup))
                        .open(false)
                        .build());
        if (https) {
            this.redirectListener = loadBalancer.addListener(
                    "HttpRedirect",
                    BaseApplicationListenerProps.builder()
                            .port(settings.redirectPort)
                            .protocol(ApplicationProtocol.HTTP)
                            .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
                                    .protocol("HTTPS")
                                    .port(String.valueOf(settings.listenerPort))
                                    .permanent(true)
                                    .build()))
                            .open(false)
                            .build());
        } else {
            this.redirectListener = null;
            Annotations.of(owner)
                    .addWarningV2(
                            SecureFargateService.WARNING_HTTP_ONLY,
                            "The load balancer of "
                                    + Check.path(owner)
                                    + " listens on plain HTTP because no certificate is set. Pass "
                                    + "certificate(...) to serve HTTPS and redirect HTTP to it.");
        }
        for (IPeer peer : settings.ingressPeers) {
            String source = peer.getUniqueId();
            securityGroup.addIngressRule(peer, Shared.tcp(settings.listenerPort), "Listener from " + source);
            if (https) {
                securityGroup.addIngressRule(peer, Shared.tcp(settings.redirectPort), "HTTP redirect from " + source);
            }
        }
        // Only the load balancer reaches the tasks, and only on the container port.
        serviceSecurityGroup
                .getConnections()
                .allowFrom(securityGroup, Shared.tcp(settings.containerPort), "Load balancer to container port");
    }

    /**
     * @return the web ACL's ARN: a {@link CfnWebACL}'s {@code Arn} attribute (what its {@code webAclRef} holds, read
     *         without the reference struct), else the reference's
     */
    private static String webAclArn(final IWebACLRef webAcl) {
        return webAcl instanceof CfnWebACL
                ? ((CfnWebACL) webAcl).getAttrArn()
                : webAcl.getWebAclRef().getWebAclArn();
    }

    /** Records, for cdk-nag, the findings that are inherent to this load balancer's design. */
    void suppressInherentFindings() {
        if (redirectListener != null) {
            Nag.suppress(
                    redirectListener,
                    "This HTTP listener serves no content: it only answers with a "
                            + "permanent redirect to the HTTPS listener, which uses the ACM certificate",
                    null,
                    "NIST.800.53.R5-ELBv2ACMCertificateRequired",
                    "HIPAA.Security-ELBv2ACMCertificateRequired",
                    "PCI.DSS.321-ELBv2ACMCertificateRequired");
        }
    }
}
