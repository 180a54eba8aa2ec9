package io.github.securefargate.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The stack of a construct and the stack's account, Region and partition, asked across the jsii bridge once and then
 * remembered (none of them changes after the stack is made), and ARNs built from them in Java exactly as
 * {@code Stack.formatArn} joins its parts ({@code arn:<partition>:<service>:<region>:<account>:<resource><sep><name>},
 * tokens kept as their string markers).
 *
 * <p>Not part of the public API.
 */
public final class Env {
    private static final Map<IConstruct, Stack> STACKS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Stack, String[]> ENVIRONMENTS = Collections.synchronizedMap(new WeakHashMap<>());

    private Env() {}

    /** @return {@code Stack.of(construct)} */
    public static Stack stack(final IConstruct construct) {
        if (construct instanceof Stack) {
            return (Stack) construct;
        }
        return STACKS.computeIfAbsent(construct, Stack::of);
    }

    /** @return the account of the construct's stack (maybe a token) */
    public static String account(final IConstruct construct) {
        return environment(stack(construct))[0];
    }

    /** @return the Region of the construct's stack (maybe a token) */
    public static String region(final IConstruct construct) {
        return environment(stack(construct))[1];
    }

    /** @return the partition of the construct's stack (maybe a token) */
    public static String partition(final IConstruct construct) {
        return environment(stack(construct))[2];
    }

    private static String[] environment(final Stack stack) {
        return ENVIRONMENTS.computeIfAbsent(stack, s -> new String[] {s.getAccount(), s.getRegion(), s.getPartition()});
    }

    /**
     * @return {@code stack.formatArn} of the stack of {@code scope} with its own Region and account and the given
     *         separator ({@code "/"} or {@code ":"}) before {@code resourceName}
     */
    public static String arn(
            final IConstruct scope,
            final String service,
            final String resource,
            final String separator,
            final String resourceName) {
        return arn(scope, service, region(scope), account(scope), resource, separator, resourceName);
    }

    /** @return the ARN of the IAM role {@code roleName} of {@code account}, in the partition of {@code scope}'s stack */
    public static String roleArn(final IConstruct scope, final String account, final String roleName) {
        return arn(scope, "iam", "", account, "role", "/", roleName);
    }

    /**
     * @return {@code stack.formatArn} of the stack of {@code scope} with the given Region and account (empty strings
     *         for a global service such as IAM); {@code resourceName} may be null
     */
    public static String arn(
            final IConstruct scope,
            final String service,
            final String region,
            final String account,
            final String resource,
            final String separator,
            final String resourceName) {
        String arn = "arn:" + partition(scope) + ":" + service + ":" + region + ":" + account + ":" + resource;
        return resourceName == null ? arn : arn + separator + resourceName;
    }
}
