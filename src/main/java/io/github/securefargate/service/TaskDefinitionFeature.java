package io.github.securefargate.service;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.ResourcePolicies;
import io.github.securefargate.internal.Shared;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;

/**
 * The task definition of a {@link SecureFargateService}: execution and task roles, the Linux Fargate task definition,
 * the encrypted log group and the application container. Creates its children in the service's scope.
 *
 * <p>Not part of the public API.
 */
final class TaskDefinitionFeature {
    private static final String TASKS_PRINCIPAL = "ecs-tasks.amazonaws.com";

    final Role executionRole;
    final Role taskRole;
    final FargateTaskDefinition taskDefinition;
    final IKey logKey;
    final LogGroup logGroup;
    final ContainerDefinition container;

    TaskDefinitionFeature(final SecureFargateService owner, final ServiceSettings settings) {
        SecureFargateServiceProps props = settings.props;
        String path = Check.path(owner);
        this.executionRole = Role.Builder.create(owner, "ExecutionRole")
                .assumedBy(Shared.service(TASKS_PRINCIPAL))
                .description("Pulls images and writes logs for " + path)
                .build();
        // Image pull grants are added by the image itself (fromAsset/fromEcrRepository grant pull on their
        // repository only); secrets grant read on each secret.
        this.taskRole = Role.Builder.create(owner, "TaskRole")
                .assumedBy(Shared.service(TASKS_PRINCIPAL))
                .description("Application role of " + path + "; grant it what the application needs")
                .build();

        this.taskDefinition = FargateTaskDefinition.Builder.create(owner, "TaskDefinition")
                .cpu(settings.cpu)
                .memoryLimitMiB(settings.memory)
                .ephemeralStorageGiB(props.getEphemeralStorageGiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(settings.cpuArchitecture)
                        .build())
                .executionRole(executionRole)
                .taskRole(taskRole)
                .build();

        this.logKey = resolveLogKey(owner, props);
        this.logGroup = LogGroup.Builder.create(owner, "LogGroup")
                .encryptionKey(logKey)
                .retention(settings.logRetention)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        String name = settings.containerName;
        this.container = taskDefinition.addContainer(
                name,
                ContainerDefinitionOptions.builder()
                        .containerName(name)
                        .image(props.getImage())
                        .essential(true)
                        .portMappings(List.of(PortMapping.builder()
                                .containerPort(settings.containerPort)
                                .protocol(Protocol.TCP)
                                .name("http")
                                .build()))
                        .environment(props.getEnvironment())
                        .secrets(props.getSecrets())
                        .user(props.getUser())
                        .readonlyRootFilesystem(settings.readonlyRootFilesystem)
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logGroup)
                                .streamPrefix(name)
                                .build()))
                        .build());
    }

    /**
     * The log key: a new one, or the user's key with the CloudWatch Logs statement added (a key of this app) or
     * acknowledged ({@code logKeyPolicyManagedExternally}, an imported key). Without that statement, CloudWatch Logs
     * refuses to create the encrypted log group at deploy time.
     */
    private static IKey resolveLogKey(final SecureFargateService owner, final SecureFargateServiceProps props) {
        boolean external = Boolean.TRUE.equals(props.getLogKeyPolicyManagedExternally());
        IKey given = props.getLogKey();
        Stack stack = Env.stack(owner);
        if (given == null) {
            if (external) {
                throw Check.fail(
                        owner,
                        "logKeyPolicyManagedExternally",
                        "applies only to an imported logKey, got " + "true with no key; remove it or pass the key");
            }
            return Keys.createForLogs(owner, "LogKey", "Encrypts container logs of " + Check.path(owner));
        }
        if (Keys.isOwned(given)) {
            if (external) {
                throw Check.fail(
                        owner,
                        "logKeyPolicyManagedExternally",
                        "is true, but logKey "
                                + Check.path(given) + " is defined in this app and its policy is edited here; "
                                + "remove logKeyPolicyManagedExternally");
            }
            ResourcePolicies.add(given, Keys.logsStatement(stack));
        } else if (!external) {
            throw Check.fail(
                    owner,
                    "logKey",
                    "is an imported key (" + given.getKeyArn() + ") whose policy this "
                            + "construct cannot edit. Allow logs." + Check.shown(Env.region(stack), "<region>")
                            + ".amazonaws.com " + String.join(", ", Keys.LOGS_KEY_ACTIONS) + " on * with condition "
                            + "ArnLike kms:EncryptionContext:aws:logs:arn = arn:<partition>:logs:"
                            + Check.shown(Env.region(stack), "<region>") + ":"
                            + Check.shown(Env.account(stack), "<account>") + ":log-group:* in its key policy, then set "
                            + "logKeyPolicyManagedExternally(true)");
        }
        return given;
    }
}
