package io.github.securefargate.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.constructs.IConstruct;

/**
 * Fargate rules that aws-cdk-lib does not enforce: the CPU/memory table and the minimum platform version; and the
 * operating system family of a task definition, which aws-cdk-lib keeps only in its CloudFormation resource.
 *
 * <p>Not part of the public API.
 */
public final class Fargate {
    /** Smallest ephemeral storage that can be configured, in GiB (below it, omit the setting: 20 GiB). */
    public static final int MIN_EPHEMERAL_STORAGE_GIB = 21;
    /** Largest ephemeral storage, in GiB. */
    public static final int MAX_EPHEMERAL_STORAGE_GIB = 200;

    /** CPU units to allowed memory sizes in MiB. */
    public static final Map<Integer, List<Integer>> MEMORY_BY_CPU = table();

    private Fargate() {}

    private static Map<Integer, List<Integer>> table() {
        Map<Integer, List<Integer>> t = new LinkedHashMap<>();
        t.put(256, List.of(512, 1024, 2048));
        t.put(512, range(1024, 4096, 1024));
        t.put(1024, range(2048, 8192, 1024));
        t.put(2048, range(4096, 16384, 1024));
        t.put(4096, range(8192, 30720, 1024));
        t.put(8192, range(16384, 61440, 4096));
        t.put(16384, range(32768, 122880, 8192));
        return java.util.Collections.unmodifiableMap(t);
    }

    private static List<Integer> range(final int from, final int to, final int step) {
        List<Integer> values = new ArrayList<>();
        for (int v = from; v <= to; v += step) {
            values.add(v);
        }
        return List.copyOf(values);
    }

    /** Validates a CPU/memory pair against the Fargate table; tokens pass. */
    public static void validateSize(final IConstruct scope, final Number cpu, final Number memoryMiB) {
        if (cpu == null || Check.isToken(cpu)) {
            return;
        }
        Check.oneOf(scope, "cpu", cpu, MEMORY_BY_CPU.keySet());
        if (memoryMiB == null || Check.isToken(memoryMiB)) {
            return;
        }
        List<Integer> allowed = MEMORY_BY_CPU.get(cpu.intValue());
        if (!allowed.contains(memoryMiB.intValue()) || memoryMiB.doubleValue() != memoryMiB.intValue()) {
            throw Check.fail(
                    scope,
                    "memoryLimitMiB",
                    "must be one of " + describe(allowed) + " for cpu " + cpu.intValue() + ", got "
                            + Check.fmt(memoryMiB.doubleValue()));
        }
    }

    private static String describe(final List<Integer> allowed) {
        if (allowed.size() <= 3) {
            return allowed.toString().replaceAll("[\\[\\]]", "");
        }
        int step = allowed.get(1) - allowed.get(0);
        return allowed.get(0) + "-" + allowed.get(allowed.size() - 1) + " in steps of " + step;
    }

    /** Rejects platform versions older than 1.4.0. LATEST is accepted. */
    public static void validatePlatformVersion(
            final IConstruct scope, final String prop, final FargatePlatformVersion version) {
        if (version == null || version == FargatePlatformVersion.LATEST) {
            return;
        }
        String value = versionString(version);
        if (!isAtLeast14(value)) {
            throw Check.fail(
                    scope,
                    prop,
                    "must be LATEST or 1.4.0 or later (needed for encrypted ephemeral "
                            + "storage, EFS and GuardDuty Runtime Monitoring), got " + value);
        }
    }

    /** @return the platform version as Fargate spells it: LATEST or 1.4.0 */
    public static String versionString(final FargatePlatformVersion version) {
        if (version == null || version == FargatePlatformVersion.LATEST) {
            return "LATEST";
        }
        return version.name().substring("VERSION".length()).replace('_', '.') + ".0";
    }

    /** @return true when a platform version string is LATEST or at least 1.4.0. */
    public static boolean isAtLeast14(final String version) {
        if (version == null || "LATEST".equals(version)) {
            return true;
        }
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > 1 || (major == 1 && minor >= 4);
    }

    /**
     * The operating system family of a task definition. aws-cdk-lib keeps it only in the task definition's
     * CloudFormation resource (no L2 getter), where a struct the L2 set comes back from jsii as an opaque object that is
     * resolved to its plain form.
     *
     * @param resource the task definition's {@code AWS::ECS::TaskDefinition}
     * @return e.g. {@code LINUX} or {@code WINDOWS_SERVER_2022_CORE}; null when the task definition sets none, or when
     *     the value is known only at deploy time (a Ref or an attribute), which callers then cannot check
     */
    public static @Nullable String operatingSystemFamily(final CfnTaskDefinition resource) {
        Object platform = resource.getRuntimePlatform();
        Object os = null;
        if (platform instanceof CfnTaskDefinition.RuntimePlatformProperty) {
            os = ((CfnTaskDefinition.RuntimePlatformProperty) platform).getOperatingSystemFamily();
        } else if (platform != null) {
            os = Tokens.field(Env.stack(resource).resolve(platform), "OperatingSystemFamily");
        }
        if (os instanceof String && Check.isToken((String) os)) {
            os = Env.stack(resource).resolve(os); // a Lazy resolves to its value; an attribute stays an intrinsic
        }
        return os instanceof String ? (String) os : null;
    }
}
