package io.github.securefargate.pipeline;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.IReleasableService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Rules;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;

/**
 * The synth-time checks of a {@link Toolchain}'s environment and stages, in the construct's words.
 *
 * <p>Not part of the public API.
 */
final class ToolchainValidation {
    private ToolchainValidation() {}

    static void validate(final Toolchain owner, final Stack stack, final List<ToolchainStage> stages) {
        if (Check.isToken(Env.account(stack)) || Check.isToken(Env.region(stack))) {
            throw Check.fail(
                    owner,
                    "scope",
                    "must be in a stack with an explicit account and Region (env), got "
                            + "an environment-agnostic stack " + Check.path(stack));
        }
        Rules.account(owner, "scope.env.account", Env.account(stack));
        Rules.region(owner, "scope.env.region", Env.region(stack));
        Set<String> names = new HashSet<>();
        for (ToolchainStage s : stages) {
            String name = s.getName();
            Rules.stageName(owner, "stages[].name", name);
            Rules.pipelineStageName(owner, "stages[" + name + "].wave", s.getWave());
            if (s.getDeploymentConfig() != null && s.getTrafficShift() != null) {
                throw Check.fail(
                        owner,
                        "stages[" + name + "].trafficShift",
                        "and deploymentConfig are mutually exclusive (native or CodeDeploy), got both; pass one");
            }
            if (!names.add(name)) {
                throw Check.fail(owner, "stages", "must have unique names, got '" + name + "' twice");
            }
            Environment env = s.getEnv();
            if (env.getAccount() == null
                    || env.getRegion() == null
                    || Check.isToken(env.getAccount())
                    || Check.isToken(env.getRegion())) {
                throw Check.fail(
                        owner,
                        "stages[" + name + "].env",
                        "must name an account and a Region, got account=" + env.getAccount() + " region="
                                + env.getRegion());
            }
            Rules.account(owner, "stages[" + name + "].env.account", env.getAccount());
            Rules.region(owner, "stages[" + name + "].env.region", env.getRegion());
        }
    }

    /** Fails when two stages deploy one serviceName to the same account and Region (their fixed names collide). */
    static void uniqueTarget(
            final Toolchain owner,
            final Map<String, String> serviceTargets,
            final String account,
            final String region,
            final String serviceName,
            final String name) {
        String other = serviceTargets.putIfAbsent(account + "/" + region + "/" + serviceName, name);
        if (other != null) {
            throw Check.fail(
                    owner,
                    "stages",
                    "must not deploy one serviceName to the same account and Region twice, "
                            + "got stages '" + other + "' and '" + name + "' both deploying '"
                            + serviceName
                            + "' to " + account + "/" + region
                            + " (their roles and CodeDeploy application and deployment "
                            + "group would collide); use different accounts or Regions, or different serviceName values");
        }
    }

    /** Fails unless the factory returned the service of the stage's kind, created inside the stage. */
    static void serviceOfItsKind(
            final Toolchain owner, final IReleasableService released, final Stage stage, final boolean nativeStage) {
        String name = stage.getNode().getId();
        String expected = nativeStage ? "NativeBlueGreenService" : "BlueGreenService";
        if (released == null
                || Stage.of(released) != stage
                || !(nativeStage ? released instanceof NativeBlueGreenService : released instanceof BlueGreenService)) {
            throw Check.fail(
                    owner,
                    "serviceStage",
                    "must return the " + expected + " it created inside stage '" + name + "'"
                            + (nativeStage ? " (a stage with trafficShift is native)" : "") + ", got "
                            + (released == null
                                    ? "null"
                                    : released.getClass().getSimpleName() + " " + Check.path(released)));
        }
    }
}
