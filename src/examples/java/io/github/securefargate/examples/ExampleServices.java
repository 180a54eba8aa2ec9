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

    private ExampleServices() {
    }

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
                .certificate(Certificate.fromCertificateArn(scope, "Certificate",
                        ExampleEnvironments.certificateArn(scope)))
                .webAcl(ExampleNetwork.webAcl(scope));
    }
}
