package com.example.consumer;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.compliance.CompliancePacks;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.constructs.Construct;

/** A team's app: an encrypted cluster in the team's existing VPC, held to the four cdk-nag packs. */
public final class ConsumerApp {
    private ConsumerApp() {}

    /** The team's platform stack. */
    static final class PlatformStack extends Stack {
        PlatformStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);
            IVpc vpc = Vpc.fromVpcAttributes(
                    this,
                    "Vpc",
                    VpcAttributes.builder()
                            .vpcId("vpc-0123456789abcdef0")
                            .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                            .privateSubnetIds(List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"))
                            .privateSubnetRouteTableIds(List.of("rtb-0123456789abcdef0", "rtb-0123456789abcdef1"))
                            .build());
            EncryptedCluster.Builder.create(this, "Cluster")
                    .vpc(vpc)
                    .alertEmails(List.of("platform-oncall@example.com"))
                    .build();
        }
    }

    public static void main(final String[] args) {
        App app = new App();
        new PlatformStack(
                app,
                "Platform",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build());
        CompliancePacks.applyTo(app);
        app.synth();
    }
}
