package io.github.securefargate.pipeline;

import io.github.securefargate.internal.Env;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * The shell commands that the stage steps of the toolchain share: the AWS CLI profile {@code stage} that assumes the
 * stage's reader role, the {@code java} command of this library's build-step tools, and the look-ups in the service
 * stack (its change set, a resource's physical id) with the stage's Region and profile.
 */
final class StageCommands {
    /** The AWS CLI options of every call into the stage: its Region and the profile of the reader role. */
    final String cliOptions;

    private final Stack serviceStack;

    StageCommands(final Stack serviceStack) {
        this.serviceStack = serviceStack;
        this.cliOptions = " --region " + Env.region(serviceStack) + " --profile stage";
    }

    /** @return the command that runs {@code main} of this library on the classpath the synth step recorded */
    static String java(final Class<?> main) {
        return "java -cp \"target/classes:$(cat " + Toolchain.CLASSPATH_FILE + ")\" " + main.getName();
    }

    /** @return {@code before}, then the commands that set up the AWS CLI profile {@code stage} for the reader role */
    static List<String> profile(final List<String> before, final String readerRoleArn) {
        List<String> commands = new ArrayList<>(before);
        commands.add("aws configure set profile.stage.role_arn " + readerRoleArn);
        commands.add("aws configure set profile.stage.credential_source EcsContainer");
        return commands;
    }

    /** @return the statement that lets the step assume {@code roleArn} */
    static PolicyStatement assumeRole(final String roleArn) {
        return PolicyStatement.Builder.create()
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(roleArn))
                .build();
    }

    /** @return the logical id, in the service stack, of the CloudFormation resource of {@code construct} */
    String logicalId(final IConstruct construct) {
        return serviceStack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    /** @return a shell command substitution that prints the physical id of {@code logicalId} in the service stack */
    String physicalId(final String logicalId) {
        return "\"$(aws cloudformation describe-stack-resource --stack-name " + serviceStack.getStackName() + cliOptions
                + " --query StackResourceDetail.PhysicalResourceId --output text --logical-resource-id " + logicalId
                + ")\"";
    }

    /**
     * @return the command that runs {@code check} when {@code probe} (a {@link ListenerGuard} {@code touches} or
     *     {@code adds}) exits 0, does nothing when it exits {@value ListenerGuard#NO}, and fails the step with the
     *     probe's exit code otherwise (bad input, a broken class path): a probe that cannot answer never lets the
     *     change set through
     */
    static String whenProbe(final String probe, final String check) {
        return probe + "; probe=$?; if [ \"$probe\" -eq 0 ]; then " + check + "; elif [ \"$probe\" -ne "
                + ListenerGuard.NO + " ]; then exit \"$probe\"; fi";
    }

    /**
     * @return the command, run when {@code probe} answers yes, that fails unless the live production listener
     *     {@code listener} forwards only to {@code blue} (both logical ids in the service stack)
     */
    String listenerCheck(final String probe, final String listener, final String blue) {
        String java = java(ListenerGuard.class);
        return whenProbe(
                java + " " + probe,
                "aws elbv2 describe-listeners --listener-arns " + physicalId(listener) + cliOptions
                        + " --output json > target/listeners.json && " + java + " check --listeners"
                        + " target/listeners.json --listener " + listener + " --expected-target-group "
                        + physicalId(blue));
    }

    /** @return the command that writes the service stack's pending change set to {@code target/change-set.json} */
    String describeChangeSet() {
        return "aws cloudformation describe-change-set --stack-name " + serviceStack.getStackName()
                + " --change-set-name " + ListenerGuard.CHANGE_SET_NAME + cliOptions
                + " --output json > target/change-set.json";
    }
}
