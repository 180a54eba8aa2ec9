package io.github.securefargate.guardduty;

import static io.github.securefargate.guardduty.RuntimeMonitoring.CLEANUP_RESOURCE_TYPE;
import static io.github.securefargate.guardduty.RuntimeMonitoring.GUARDDUTY_MANAGED_TAG;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnVPC;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;

/**
 * The agent's data path of {@link RuntimeMonitoring}: the {@code guardduty-data} interface endpoint the stack owns, or
 * the cleanup of the one GuardDuty creates itself, so that the stack and its VPC can be deleted.
 */
final class DataEndpoint {
    private DataEndpoint() {}

    /**
     * @return the {@code guardduty-data} endpoint with private DNS, HTTPS from the VPC CIDR only and a policy limited
     *         to the account, created in the owner's scope
     */
    static InterfaceVpcEndpoint createDataEndpoint(
            final RuntimeMonitoring owner, final IVpc vpc, final SubnetSelection vpcSubnets) {
        Stack stack = Env.stack(owner);
        SecurityGroup sg = SecurityGroup.Builder.create(owner, "DataEndpointSecurityGroup")
                .vpc(vpc)
                .description("GuardDuty data endpoint: HTTPS from the VPC CIDR only")
                .allowAllOutbound(false)
                .build();
        sg.addIngressRule(Peer.ipv4(vpcCidr(vpc)), Shared.tcp(443), "HTTPS from the VPC CIDR");
        InterfaceVpcEndpoint created = InterfaceVpcEndpoint.Builder.create(owner, "DataEndpoint")
                .vpc(vpc)
                .service(InterfaceVpcEndpointAwsService.GUARDDUTY_DATA)
                .privateDnsEnabled(true)
                .securityGroups(List.of(sg))
                .subnets(vpcSubnets)
                .open(false)
                .build();
        created.addToPolicy(PolicyStatement.Builder.create()
                .sid("AllowThisAccount")
                .principals(List.of(Shared.anyPrincipal()))
                .actions(List.of("*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", Env.account(stack))))
                .build());
        created.addToPolicy(PolicyStatement.Builder.create()
                .sid("DenyOtherAccounts")
                .effect(Effect.DENY)
                .principals(List.of(Shared.anyPrincipal()))
                .actions(List.of("*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringNotEquals", Map.of("aws:PrincipalAccount", Env.account(stack))))
                .build());
        return created;
    }

    /** @return the VPC's primary CIDR, as a literal when the VPC is defined in this app (so that rules can read it) */
    private static String vpcCidr(final IVpc vpc) {
        if (vpc instanceof Vpc) {
            String cidr = ((CfnVPC) vpc.getNode().getDefaultChild()).getCidrBlock();
            if (cidr != null && !Check.isToken(cidr)) {
                return cidr;
            }
        }
        return vpc.getVpcCidrBlock();
    }

    /**
     * @return the custom resource (and its function) that deletes, on stack delete, the endpoint and security group
     *         GuardDuty created in the VPC ({@code endpoint_cleanup.py}), created in the owner's scope
     */
    static CustomResource createEndpointCleanup(
            final RuntimeMonitoring owner, final Handlers handlers, final IVpc vpc) {
        Stack stack = Env.stack(owner);
        List<PolicyStatement> statements = new ArrayList<>();
        String vpcArn = Handlers.vpcArn(stack, vpc);
        statements.add(PolicyStatement.Builder.create()
                .sid("FindGuardDutyEndpoint")
                .actions(List.of("ec2:DescribeVpcEndpoints", "ec2:DescribeSecurityGroups"))
                .resources(List.of("*"))
                .build());
        // Only what GuardDuty created: its service-linked role tags the endpoint and the security group
        // GuardDutyManaged=true
        // (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonGuardDutyServiceRolePolicy.html).
        statements.add(PolicyStatement.Builder.create()
                .sid("DeleteGuardDutyEndpoint")
                .actions(List.of("ec2:DeleteVpcEndpoints"))
                .resources(List.of(Handlers.arn(stack, "ec2", "vpc-endpoint", "*")))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + GUARDDUTY_MANAGED_TAG, "true")))
                .build());
        statements.add(PolicyStatement.Builder.create()
                .sid("DeleteGuardDutySecurityGroupInThisVpc")
                .actions(List.of("ec2:DeleteSecurityGroup"))
                .resources(List.of(Handlers.arn(stack, "ec2", "security-group", "*")))
                // Sorted: the same template text on every synth (Map.of's order changes from one JVM to the next).
                .conditions(Map.of(
                        "StringEquals",
                        new TreeMap<>(Map.of("ec2:Vpc", vpcArn, "aws:ResourceTag/" + GUARDDUTY_MANAGED_TAG, "true"))))
                .build());
        Function function = handlers.create(
                "EndpointCleanupFunction",
                "endpoint_cleanup.py",
                "Deletes the guardduty-data endpoint and security group GuardDuty created in the VPC, on stack delete",
                Shared.minutes(15),
                1,
                Map.of(),
                null,
                statements,
                Nag.rule(
                        "Describe calls and the VPC "
                                + "network-interface actions accept only resource *; the endpoint and security group are created by "
                                + "GuardDuty at run time, so their ids are unknown: both are limited to GuardDuty's tag "
                                + GUARDDUTY_MANAGED_TAG
                                + "=true, security groups also to this VPC, and the handler only deletes "
                                + "GuardDuty's own in this VPC",
                        List.of(
                                "Resource::*",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):vpc-endpoint\\/\\*$/",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):security-group\\/\\*$/"),
                        "AwsSolutions-IAM5"));

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("VpcId", vpc.getVpcId());
        properties.put("ServiceName", InterfaceVpcEndpointAwsService.GUARDDUTY_DATA.getName());
        return CustomResource.Builder.create(owner, "ManagedEndpointCleanup")
                .serviceToken(function.getFunctionArn())
                .resourceType(CLEANUP_RESOURCE_TYPE)
                .properties(properties)
                .build();
    }
}
