package io.github.securefargate.bluegreen;

import io.github.securefargate.internal.Check;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.IConstruct;

/**
 * Lifecycle hooks of a {@link BlueGreenService}: the function names the AppSpec lists, and the grants CodeDeploy and
 * the functions need.
 *
 * <p>Not part of the public API.
 */
final class LifecycleHooks {
    private LifecycleHooks() {}

    /** @return AppSpec event name to function name, in lifecycle order; fails for names not known at synth time */
    static Map<String, String> names(
            final BlueGreenService owner, final @Nullable Map<LifecycleEvent, IFunction> hooks) {
        Map<String, String> names = new LinkedHashMap<>();
        if (hooks == null) {
            return Collections.unmodifiableMap(names);
        }
        for (LifecycleEvent event : LifecycleEvent.values()) {
            IFunction fn = hooks.get(event);
            if (fn == null) {
                continue;
            }
            String name = fn.getFunctionName();
            if (Check.isToken(name)) {
                IConstruct resource = fn.getNode().getDefaultChild();
                String physical = resource instanceof CfnFunction
                        ? ((CfnFunction) resource).getFunctionName()
                        : literalFunctionName(fn.getFunctionArn());
                if (physical == null || Check.isToken(physical)) {
                    throw Check.fail(
                            owner,
                            "lifecycleHooks",
                            "functions must have a name known at synth time (the "
                                    + "AppSpec names them), got a generated name for " + event.getEventName() + " ("
                                    + Check.path(fn) + "); set functionName(...) on it");
                }
                name = physical;
            }
            names.put(event.getEventName(), name);
        }
        return Collections.unmodifiableMap(names);
    }

    /**
     * The name at the end of a function ARN whose only tokens come before it: {@code Function.fromFunctionName} builds
     * {@code arn:${Partition}:lambda:<region>:<account>:function:<name>}, a token without
     * {@code @aws-cdk/core:enablePartitionLiterals}, although the name itself is literal.
     *
     * @return the name, or null when it is not a literal
     */
    private static @Nullable String literalFunctionName(final String functionArn) {
        int at = functionArn.lastIndexOf(":function:");
        if (at < 0) {
            return null;
        }
        String name = functionArn.substring(at + ":function:".length());
        int qualifier = name.indexOf(':');
        name = qualifier < 0 ? name : name.substring(0, qualifier);
        return name.isEmpty() || Check.isToken(name) ? null : name;
    }

    /** Lets the deployment group invoke the hooks, and the hooks report their result to it. */
    static void grant(final EcsDeploymentGroup deploymentGroup, final @Nullable Map<LifecycleEvent, IFunction> hooks) {
        if (hooks == null) {
            return;
        }
        for (IFunction fn : hooks.values()) {
            fn.grantInvoke(deploymentGroup.getRole());
            fn.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("codedeploy:PutLifecycleEventHookExecutionStatus"))
                    .resources(List.of(deploymentGroup.getDeploymentGroupArn()))
                    .build());
        }
    }
}
