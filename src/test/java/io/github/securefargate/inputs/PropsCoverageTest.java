package io.github.securefargate.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.bluegreen.BlueGreenServiceProps;
import io.github.securefargate.bluegreen.NativeBlueGreenServiceProps;
import io.github.securefargate.cluster.EncryptedClusterProps;
import io.github.securefargate.cluster.KeyStateAlertProps;
import io.github.securefargate.guardduty.RuntimeMonitoringProps;
import io.github.securefargate.notifications.EncryptedTopicProps;
import io.github.securefargate.pipeline.ToolchainProps;
import io.github.securefargate.pipeline.ToolchainStage;
import io.github.securefargate.service.SecureFargateServiceProps;
import io.github.securefargate.storage.LifecycleFileSystemProps;
import io.github.securefargate.storage.MountOptions;
import io.github.securefargate.storage.PosixAccessPointOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;

/**
 * The habit of issue 11, enforced: every number, string, duration or size prop of a public props class is listed
 * here with where its literal values are validated and where a token is shown to reach the template (or why it needs
 * neither). A new prop fails this test until it has both.
 */
class PropsCoverageTest {
    private static final List<Class<?>> PROPS = List.of(
            SecureFargateServiceProps.class,
            BlueGreenServiceProps.class,
            NativeBlueGreenServiceProps.class,
            KeyStateAlertProps.class,
            ToolchainProps.class,
            ToolchainStage.class,
            EncryptedClusterProps.class,
            EncryptedTopicProps.class,
            LifecycleFileSystemProps.class,
            PosixAccessPointOptions.class,
            MountOptions.class,
            RuntimeMonitoringProps.class);

    private static final String VALIDATION = "InputValidationTest";
    private static final String TOKENS = "TokensTest";

    /** prop -> "validated: where; token: where". */
    private static final Map<String, String> COVERAGE = new TreeMap<>(Map.ofEntries(
            // SecureFargateService
            Map.entry("SecureFargateServiceProps.containerName", VALIDATION + "; " + TOKENS + ".NameTokens"),
            Map.entry("SecureFargateServiceProps.containerPort", VALIDATION + "; " + TOKENS + ".PortTokens"),
            Map.entry("SecureFargateServiceProps.cpu", "FargateTest; " + TOKENS),
            Map.entry("SecureFargateServiceProps.memoryLimitMiB", "FargateTest; " + TOKENS),
            Map.entry("SecureFargateServiceProps.ephemeralStorageGiB", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.user", "any user name, uid or uid:gid; " + TOKENS),
            Map.entry("SecureFargateServiceProps.desiredCount", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.minHealthyPercent", "SecureFargateServiceTest; " + TOKENS),
            Map.entry("SecureFargateServiceProps.maxHealthyPercent", "SecureFargateServiceTest; " + TOKENS),
            Map.entry("SecureFargateServiceProps.healthCheckGracePeriod", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.healthCheckPath", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.healthCheckInterval", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.healthyThresholdCount", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.unhealthyThresholdCount", VALIDATION + "; " + TOKENS),
            Map.entry("SecureFargateServiceProps.healthCheckTimeout", "SecureFargateServiceTest; " + TOKENS),
            Map.entry("SecureFargateServiceProps.deregistrationDelay", "SecureFargateServiceTest; " + TOKENS),
            // BlueGreenService
            Map.entry("BlueGreenServiceProps.serviceName", "BlueGreenServiceTest; " + TOKENS + ".NameTokens"),
            Map.entry("BlueGreenServiceProps.testListenerPort", VALIDATION + "; " + TOKENS),
            Map.entry("BlueGreenServiceProps.terminationWaitTime", VALIDATION + "; " + TOKENS),
            Map.entry("BlueGreenServiceProps.deploymentApprovalWaitTime", VALIDATION + "; " + TOKENS),
            Map.entry("BlueGreenServiceProps.target5xxThreshold", VALIDATION + "; " + TOKENS),
            Map.entry("BlueGreenServiceProps.latencyThreshold", VALIDATION + "; " + TOKENS),
            Map.entry("BlueGreenServiceProps.pipelineAccount", VALIDATION + ", RulesTest; " + TOKENS),
            // NativeBlueGreenService
            Map.entry(
                    "NativeBlueGreenServiceProps.serviceName",
                    "NativeBlueGreenServiceTest; " + TOKENS + ".NativeBlueGreenServiceTokens"),
            Map.entry(
                    "NativeBlueGreenServiceProps.bakeTime",
                    "NativeBlueGreenServiceTest; " + TOKENS + ".NativeBlueGreenServiceTokens"),
            Map.entry(
                    "NativeBlueGreenServiceProps.testListenerPort",
                    "NativeBlueGreenServiceTest; " + TOKENS + ".NativeBlueGreenServiceTokens"),
            Map.entry(
                    "NativeBlueGreenServiceProps.target5xxThreshold",
                    "NativeBlueGreenServiceTest; " + TOKENS + ".NativeBlueGreenServiceTokens"),
            Map.entry(
                    "NativeBlueGreenServiceProps.latencyThreshold",
                    "NativeBlueGreenServiceTest; " + TOKENS + ".NativeBlueGreenServiceTokens"),
            Map.entry(
                    "NativeBlueGreenServiceProps.pipelineAccount",
                    "NativeBlueGreenServiceTest; " + TOKENS + ".NativeBlueGreenServiceTokens"),
            // Toolchain
            Map.entry("ToolchainProps.pipelineName", VALIDATION + ", RulesTest; " + TOKENS + ".ToolchainTokens"),
            Map.entry("ToolchainProps.cliVersion", VALIDATION + ", RulesTest; " + TOKENS + ".ToolchainTokens"),
            Map.entry("ToolchainProps.cdkAssetsVersion", VALIDATION + "; a build-spec string like cliVersion"),
            Map.entry("ToolchainProps.synthCommands", "shell commands of the synth step, not validated"),
            Map.entry("ToolchainProps.classpathCommands", "shell commands of the release step, not validated"),
            Map.entry("ToolchainStage.name", VALIDATION + ", RulesTest; must be known at synth (a construct id)"),
            Map.entry("ToolchainStage.wave", VALIDATION + "; must be known at synth (a pipeline stage)"),
            // EncryptedCluster
            Map.entry(
                    "EncryptedClusterProps.clusterName",
                    "EncryptedClusterTest (a token is rejected: the key " + "policy names the cluster)"),
            Map.entry("EncryptedClusterProps.alertEmails", "EncryptedClusterTest"),
            Map.entry(
                    "KeyStateAlertProps.clusterName",
                    "required (EncryptedClusterTest); only in the rule's and the message's text, a token renders there"),
            Map.entry("KeyStateAlertProps.alertEmails", "Check.alertTopicOrEmails, as EncryptedClusterProps"),
            // EncryptedTopic
            Map.entry("EncryptedTopicProps.alertEmails", "EncryptedTopicTest; " + TOKENS),
            Map.entry("EncryptedTopicProps.displayName", VALIDATION + "; " + TOKENS),
            // LifecycleFileSystem
            Map.entry("LifecycleFileSystemProps.provisionedThroughputPerSecond", "LifecycleFileSystemTest; " + TOKENS),
            Map.entry(
                    "LifecycleFileSystemProps.replicationRegion", VALIDATION + ", LifecycleFileSystemTest; " + TOKENS),
            Map.entry("PosixAccessPointOptions.path", "LifecycleFileSystemTest"),
            Map.entry("PosixAccessPointOptions.uid", "LifecycleFileSystemTest (validation and tokens)"),
            Map.entry("PosixAccessPointOptions.gid", "LifecycleFileSystemTest (validation and tokens)"),
            Map.entry("PosixAccessPointOptions.secondaryGids", "LifecycleFileSystemTest"),
            Map.entry("PosixAccessPointOptions.ownerUid", "LifecycleFileSystemTest"),
            Map.entry("PosixAccessPointOptions.ownerGid", "LifecycleFileSystemTest"),
            Map.entry("PosixAccessPointOptions.permissions", "LifecycleFileSystemTest"),
            Map.entry("MountOptions.containerPath", "LifecycleFileSystemTest"),
            Map.entry("MountOptions.containerName", "LifecycleFileSystemTest (must name a container)"),
            Map.entry("MountOptions.volumeName", "LifecycleFileSystemTest"),
            Map.entry("MountOptions.rootDirectory", "LifecycleFileSystemTest"),
            // RuntimeMonitoring (severity ranges: issue 10)
            Map.entry("RuntimeMonitoringProps.alertEmails", "RuntimeMonitoringTest"),
            Map.entry("RuntimeMonitoringProps.minimumSeverity", "RuntimeMonitoringTest (validation and tokens)"),
            Map.entry("RuntimeMonitoringProps.isolationMinimumSeverity", "RuntimeMonitoringTest")));

    private static final Set<Class<?>> SCALARS = Set.of(Number.class, String.class, Duration.class, Size.class);

    private static boolean isScalar(final Method m) {
        if (SCALARS.contains(m.getReturnType())) {
            return true;
        }
        if (List.class.equals(m.getReturnType()) && m.getGenericReturnType() instanceof ParameterizedType) {
            return SCALARS.contains(((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0]);
        }
        return false;
    }

    private static Set<String> scalarProps() {
        Set<String> props = new TreeSet<>();
        for (Class<?> c : PROPS) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                        && !Modifier.isStatic(m.getModifiers())
                        && m.getName().startsWith("get")
                        && m.getParameterCount() == 0
                        && isScalar(m)) {
                    String name = m.getName().substring(3);
                    props.add(c.getSimpleName() + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1));
                }
            }
        }
        return props;
    }

    /** @return every public props or options class of the library (the compiled classes, outside internal) */
    private static Set<String> publicPropsClasses() throws IOException {
        Path root = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(f -> root.relativize(f).toString())
                    .filter(f -> f.endsWith("Props.class") || f.endsWith("Options.class"))
                    .filter(f -> !f.contains("/internal/") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> {
                        try {
                            return Modifier.isPublic(Class.forName(name).getModifiers());
                        } catch (ClassNotFoundException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyPublicPropsClassIsListed() throws IOException {
        assertThat(publicPropsClasses())
                .as("public *Props and *Options classes")
                .isNotEmpty()
                .allSatisfy(name -> assertThat(PROPS.stream().map(Class::getName))
                        .as("PROPS of this test")
                        .contains(name));
    }

    @Test
    void everyScalarPropHasAValidationAndATokenStory() {
        assertThat(scalarProps())
                .contains(
                        "SecureFargateServiceProps.containerPort",
                        "ToolchainStage.name",
                        "LifecycleFileSystemProps.provisionedThroughputPerSecond",
                        "PosixAccessPointOptions.secondaryGids");
        assertThat(COVERAGE.keySet())
                .as("number, string, duration and size props; add new ones with their validation and token tests")
                .containsExactlyInAnyOrderElementsOf(scalarProps());
    }
}
