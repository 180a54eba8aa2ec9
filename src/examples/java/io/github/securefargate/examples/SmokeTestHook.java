package io.github.securefargate.examples;

import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.service.SecureFargateService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Example: the smoke test ECS runs against green through the test listener, as a Lambda lifecycle hook
 * ({@code examples/hooks/smoke_test.py}). The function runs in the first private subnet, so its requests reach the
 * internet-facing load balancer from that subnet's NAT gateway address, the only source the test listener admits.
 */
final class SmokeTestHook {
    /** Source of the hook handler. */
    static final Path SOURCE = Path.of("examples", "hooks", "smoke_test.py");
    /** Actions Lambda needs to place the function's network interfaces in the VPC (no resource-level permissions). */
    static final List<String> VPC_ACCESS_ACTIONS = List.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");

    private final Function function;
    private final IPeer source;
    private final SecurityGroup securityGroup;

    SmokeTestHook(final Construct scope, final Vpc vpc, final SecureFargateService service) {
        ISubnet subnet = vpc.getPrivateSubnets().get(0);
        ISubnet natSubnet = vpc.getPublicSubnets().stream()
                .filter(s -> s.getAvailabilityZone().equals(subnet.getAvailabilityZone()))
                .findFirst()
                .orElseThrow();
        CfnEIP natAddress = (CfnEIP) natSubnet.getNode().findChild("EIP");
        this.source = Peer.ipv4(Fn.join("", List.of(natAddress.getAttrPublicIp(), "/32")));
        this.securityGroup = SecurityGroup.Builder.create(scope, "SmokeTestSecurityGroup")
                .vpc(vpc)
                .description("Smoke-test hook: to the test listener only")
                .allowAllOutbound(false)
                .build();
        LogGroup logs = LogGroup.Builder.create(scope, "SmokeTestLogs")
                .encryptionKey(ExampleKeys.logsKey(scope, "SmokeTestLogsKey", "Encrypts the smoke-test hook's logs"))
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role role = Role.Builder.create(scope, "SmokeTestRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Smoke-test hook of " + service.getNode().getPath())
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(VPC_ACCESS_ACTIONS)
                .resources(List.of("*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        this.function = Function.Builder.create(scope, "SmokeTest")
                .runtime(Runtime.PYTHON_3_14)
                .handler("index.handler")
                .code(Code.fromInline(read()))
                .description("Smoke test of green through the test listener (ECS lifecycle hook)")
                .timeout(Duration.seconds(30))
                .memorySize(128)
                .reservedConcurrentExecutions(2)
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnets(List.of(subnet)).build())
                .securityGroups(List.of(securityGroup))
                .role(role)
                .logGroup(logs)
                .build();
        ExampleNetwork.suppress(
                role.getNode().findChild("DefaultPolicy"),
                "The ENI actions Lambda needs in a VPC have no resource-level permissions; the log actions are scoped "
                        + "to the function's log group",
                "AwsSolutions-IAM5");
        ExampleNetwork.suppress(
                role.getNode().findChild("DefaultPolicy"),
                "Role-scoped policy of this function only, deployed with the stack",
                "NIST.800.53.R5-IAMNoInlinePolicy",
                "HIPAA.Security-IAMNoInlinePolicy",
                "PCI.DSS.321-IAMNoInlinePolicy");
        ExampleNetwork.suppress(
                function,
                "ECS invokes the hook synchronously and rolls the deployment back on an error or a FAILED status; "
                        + "there is no asynchronous event a dead-letter queue could keep",
                "NIST.800.53.R5-LambdaDLQ",
                "HIPAA.Security-LambdaDLQ");
    }

    /** Points the smoke test at the test listener of {@code nativeBlueGreen} and lets it reach it. */
    void target(final NativeBlueGreenService nativeBlueGreen) {
        Number port = nativeBlueGreen.getTestListenerPort();
        function.addEnvironment(
                "TEST_URL",
                "https://" + nativeBlueGreen.getService().getLoadBalancer().getLoadBalancerDnsName() + ":" + port
                        + "/");
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(port.intValue()), "Test listener through the NAT gateway");
    }

    /** @return the hook function */
    Function getFunction() {
        return function;
    }

    /** @return the address the hook's requests come from (its subnet's NAT gateway) */
    IPeer getSource() {
        return source;
    }

    private static String read() {
        try {
            return Files.readString(SOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
