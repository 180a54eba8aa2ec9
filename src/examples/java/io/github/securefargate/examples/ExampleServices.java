package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.service.SecureFargateService;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/** The service every example runs: the hello image as a non-root user, HTTPS behind a logging WAF web ACL. */
final class ExampleServices {
    /** Port the hello image listens on. */
    static final int HELLO_PORT = 8080;
    /** Non-root user (and group) id of the hello image. */
    static final int HELLO_UID = 101;

    private ExampleServices() {}

    /**
     * @return a builder for the {@code Service} construct under {@code scope} on {@code cluster}, with the example's
     *         image, port, user, certificate ({@link ExampleEnvironments#certificateArn}) and web ACL; the caller adds
     *         what is particular to its example and builds it
     */
    static SecureFargateService.Builder hello(final Construct scope, final EncryptedCluster cluster) {
        return SecureFargateService.Builder.create(scope, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromAsset("examples/hello"))
                .containerPort(HELLO_PORT)
                .user(String.valueOf(HELLO_UID))
                .certificate(
                        Certificate.fromCertificateArn(scope, "Certificate", ExampleEnvironments.certificateArn(scope)))
                .webAcl(ExampleNetwork.webAcl(scope));
    }

    /**
     * Acknowledges, for cdk-nag, the findings that follow from choices this example makes for its service, each with
     * the reason it is fine here: the load balancer is internet-facing (the library's default, a public web service),
     * and its access-log bucket is not replicated to another Region.
     *
     * @param service the built service
     * @return the service
     */
    static SecureFargateService acknowledgeChoices(final SecureFargateService service) {
        ExampleNetwork.suppress(
                service.getLoadBalancer().getConnections().getSecurityGroups().get(0),
                "Internet-facing load balancer of a public web service: only the listener ports are open to the "
                        + "internet",
                "AwsSolutions-EC23");
        ExampleNetwork.suppress(
                service.getAccessLogsBucket(),
                "Load-balancer access logs are kept in one Region; "
                        + "this example does not replicate them for disaster recovery",
                "NIST.800.53.R5-S3BucketReplicationEnabled",
                "HIPAA.Security-S3BucketReplicationEnabled",
                "PCI.DSS.321-S3BucketReplicationEnabled");
        return service;
    }
}
