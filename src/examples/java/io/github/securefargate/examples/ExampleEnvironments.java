package io.github.securefargate.examples;

import software.amazon.awscdk.Environment;
import software.constructs.Construct;

/**
 * Accounts and Regions of the example app. The defaults are placeholders so that `cdk synth` works offline; override
 * them with context, e.g. {@code npx cdk synth -c serviceAccount=123456789012 -c serviceRegion=eu-central-1}. When you
 * change them, run `cdk synth` once with credentials so that the availability-zone look-ups land in
 * {@code cdk.context.json}, and commit that file.
 */
public final class ExampleEnvironments {
    /** Placeholder account of the service example. */
    public static final String SERVICE_ACCOUNT = "111111111111";
    /** Region of the service example. */
    public static final String SERVICE_REGION = "eu-west-1";
    /** Placeholder account of the selected-clusters GuardDuty example (its own account: detector settings are per account). */
    public static final String MONITORING_ACCOUNT = "555555555555";
    /** Region of the selected-clusters GuardDuty example. */
    public static final String MONITORING_REGION = "eu-west-1";
    /** Placeholder account of the toolchain (pipeline) example. */
    public static final String TOOLCHAIN_ACCOUNT = "222222222222";
    /** Region of the toolchain example. */
    public static final String TOOLCHAIN_REGION = "eu-west-1";
    /** Placeholder account of the toolchain's UAT stage. */
    public static final String UAT_ACCOUNT = "333333333333";
    /** Region of the UAT stage. */
    public static final String UAT_REGION = "eu-west-1";
    /** Placeholder account of the toolchain's Prod stage. */
    public static final String PROD_ACCOUNT = "444444444444";
    /** Region of the Prod stage (another Region than the toolchain's). */
    public static final String PROD_REGION = "eu-central-1";
    /** Repository the toolchain example builds. */
    public static final String REPOSITORY = "securefargate/secure-fargate-constructs";
    /** Branch the toolchain example builds. */
    public static final String BRANCH = "main";
    /** Placeholder CodeStar connection of the toolchain example. */
    public static final String CONNECTION_ARN =
            "arn:aws:codeconnections:eu-west-1:222222222222:connection/00000000-0000-0000-0000-000000000000";

    private ExampleEnvironments() {}

    /** @return the toolchain example's environment */
    public static Environment toolchain(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "toolchainAccount", TOOLCHAIN_ACCOUNT))
                .region(context(scope, "toolchainRegion", TOOLCHAIN_REGION))
                .build();
    }

    /** @return the UAT stage's environment */
    public static Environment uat(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "uatAccount", UAT_ACCOUNT))
                .region(context(scope, "uatRegion", UAT_REGION))
                .build();
    }

    /** @return the Prod stage's environment */
    public static Environment prod(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "prodAccount", PROD_ACCOUNT))
                .region(context(scope, "prodRegion", PROD_REGION))
                .build();
    }

    /**
     * @return the ACM certificate for the HTTPS listener of {@code scope}'s stack: context
     *         {@code certificateArn.<account>.<region>} of the stack's environment, else a placeholder in that account
     *         and Region
     */
    public static String certificateArn(final Construct scope) {
        software.amazon.awscdk.Stack stack = software.amazon.awscdk.Stack.of(scope);
        return context(
                scope,
                "certificateArn." + stack.getAccount() + "." + stack.getRegion(),
                "arn:aws:acm:" + stack.getRegion() + ":" + stack.getAccount()
                        + ":certificate/00000000-0000-0000-0000-000000000000");
    }

    /** @return the service example's environment */
    public static Environment service(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "serviceAccount", SERVICE_ACCOUNT))
                .region(context(scope, "serviceRegion", SERVICE_REGION))
                .build();
    }

    /** @return the environment of the selected-clusters GuardDuty example */
    public static Environment monitoring(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "monitoringAccount", MONITORING_ACCOUNT))
                .region(context(scope, "monitoringRegion", MONITORING_REGION))
                .build();
    }

    /** @return a context value, or the fallback */
    public static String context(final Construct scope, final String key, final String fallback) {
        Object value = scope.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
