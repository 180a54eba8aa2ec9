package io.github.securefargate.guardduty;

import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Creates the construct's Lambda functions the way the compliance packs ask: latest Python runtime, inside the VPC with
 * HTTPS-only egress, reserved concurrency, an own least-privilege role (no managed policies) and a retained,
 * KMS-encrypted log group with retention. The handlers are inline Python sources shipped in this package
 * ({@link #source(String)}).
 */
final class Handlers {
    /** Runtime of every function: the newest Python that aws-cdk-lib knows. */
    static final Runtime RUNTIME = Runtime.PYTHON_3_14;
    /** What a VPC function needs to manage its network interfaces; EC2 does not scope these to resources. */
    static final List<String> VPC_ACCESS_ACTIONS = List.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");

    /** A handler's import of a module: inlined when the module is a file of this package. */
    private static final Pattern SHARED_IMPORT = Pattern.compile("from (\\w+) import .+");

    private final Construct scope;
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final RetentionDays retention;
    private @Nullable SecurityGroup securityGroup;
    private @Nullable LogGroup logGroup;

    Handlers(final Construct scope, final IVpc vpc, final SubnetSelection vpcSubnets, final RetentionDays retention) {
        this.scope = scope;
        this.vpc = vpc;
        this.vpcSubnets = vpcSubnets;
        this.retention = retention;
    }

    /**
     * @param id          construct id of the function; its role is {@code <id>Role}
     * @param source      file name of the Python handler in this package
     * @param description function description
     * @param timeout     function timeout
     * @param concurrency reserved concurrent executions
     * @param environment environment variables
     * @param deadLetters dead-letter queue, or null for custom-resource handlers (CloudFormation gets their errors)
     * @param statements  the handler's own permissions, added to its role's policy after the function's
     * @param policyRule  the cdk-nag findings those permissions bring (written with the role policy's own in one
     *                    suppression)
     */
    Function create(
            final String id,
            final String source,
            final String description,
            final Duration timeout,
            final int concurrency,
            final Map<String, String> environment,
            final @Nullable IQueue deadLetters,
            final List<PolicyStatement> statements,
            final Nag.Rule policyRule) {
        Objects.requireNonNull(policyRule, "policyRule: the reason for the role's own policy findings");
        Role role = Role.Builder.create(scope, id + "Role")
                .assumedBy(Shared.service("lambda.amazonaws.com"))
                .description(description)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ManageVpcNetworkInterfaces")
                .actions(VPC_ACCESS_ACTIONS)
                .resources(List.of("*"))
                .build());
        LogGroup logs = logGroup();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        Function function = Function.Builder.create(scope, id)
                .runtime(RUNTIME)
                .handler("index.handler")
                .code(Code.fromInline(source(source)))
                .description(description)
                .timeout(timeout)
                .memorySize(256)
                .reservedConcurrentExecutions(concurrency)
                .vpc(vpc)
                .vpcSubnets(vpcSubnets)
                .securityGroups(List.of(securityGroup()))
                .role(role)
                .logGroup(logs)
                .environment(environment)
                .deadLetterQueue(deadLetters)
                .build();
        // The role is this handler's own: its statements go to the role's policy directly (Function.addToRolePolicy
        // would follow @aws-cdk/aws-lambda:createNewPoliciesWithAddToRolePolicy into policies of their own). The
        // policy exists (the statements above made it); Role.addToPolicy adds to it one statement per call, this
        // adds them all in one.
        Policy policy = (Policy) role.getNode().findChild("DefaultPolicy");
        if (!statements.isEmpty()) {
            policy.addStatements(statements.toArray(new PolicyStatement[0]));
        }
        Nag.Rule inline = Nag.inlinePolicy("Role-scoped policy of this function only, deployed with the stack");
        Nag.suppress(policy, inline, policyRule);
        if (deadLetters == null) {
            Nag.suppress(
                    function,
                    "CloudFormation custom-resource handler: every failure is reported to "
                            + "CloudFormation through the response URL and fails the deployment, so a DLQ would stay empty",
                    null,
                    "NIST.800.53.R5-LambdaDLQ",
                    "HIPAA.Security-LambdaDLQ");
        }
        return function;
    }

    /** @return the ARN of {@code resource/resourceName} of {@code service} in the stack's partition, Region, account */
    static String arn(final Stack stack, final String service, final String resource, final String resourceName) {
        return Env.arn(stack, service, resource, "/", resourceName);
    }

    /** @return the ARN of the VPC, for {@code ec2:Vpc} conditions of the functions' policies */
    static String vpcArn(final Stack stack, final IVpc vpc) {
        return arn(stack, "ec2", "vpc", vpc.getVpcId());
    }

    /** @return the security group shared by the functions: no ingress, HTTPS egress to the AWS APIs only */
    SecurityGroup securityGroup() {
        if (securityGroup == null) {
            securityGroup = SecurityGroup.Builder.create(scope, "FunctionSecurityGroup")
                    .vpc(vpc)
                    .description("GuardDuty runtime monitoring functions: HTTPS to AWS APIs only")
                    .allowAllOutbound(false)
                    .build();
            securityGroup.addEgressRule(Shared.anyIpv4(), Shared.tcp(443), "HTTPS to AWS APIs");
        }
        return securityGroup;
    }

    /** @return the log group shared by the functions */
    LogGroup logGroup() {
        if (logGroup == null) {
            logGroup = LogGroup.Builder.create(scope, "FunctionLogs")
                    .encryptionKey(Keys.createForLogs(
                            scope,
                            "FunctionLogsKey",
                            "Encrypts the logs of the GuardDuty runtime monitoring functions"))
                    .retention(retention)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
        }
        return logGroup;
    }

    /**
     * The source of a handler as the function runs it. Lambda runs an inline function from one file ({@code index.py}),
     * so each line {@code from <module> import ...} that names a module shipped in this package (such as
     * {@code cfn_response}, the CloudFormation response code of the custom-resource handlers) is replaced by that
     * module's text. Inline code is not limited to 4 KB any more
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html).
     *
     * @param source file name of the handler in this package
     * @return the handler with the package's modules it imports inlined
     */
    static String source(final String source) {
        StringBuilder text = new StringBuilder();
        for (String line : read(source).split("\n", -1)) {
            Matcher shared = SHARED_IMPORT.matcher(line);
            if (shared.matches() && Handlers.class.getResource(shared.group(1) + ".py") != null) {
                text.append(read(shared.group(1) + ".py").stripTrailing());
            } else {
                text.append(line);
            }
            text.append('\n');
        }
        return text.substring(0, text.length() - 1);
    }

    /** @return the text of a file shipped in this package */
    private static String read(final String source) {
        try (InputStream in = Handlers.class.getResourceAsStream(source)) {
            if (in == null) {
                throw new IllegalStateException("Handler " + source + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
