package io.github.securefargate.storage;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Defaults;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Nag;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ecs.AuthorizationConfig;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.EfsVolumeConfiguration;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.IConstruct;

/**
 * Mounting of a {@link LifecycleFileSystem} into ECS tasks: the EFS volume, the mount point, NFS from the tasks, the
 * task role's grant and the service's wait for the mount targets. Adds its children to the task definition, the
 * file system's security group and the task role, as {@code mountInto} documents.
 *
 * <p>Not part of the public API.
 */
final class Mounts {
    /** The task definition's operating system is Linux by construction (a {@code SecureFargateService}). */
    static final String LINUX = "LINUX";

    private static final Pattern VOLUME_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");

    private final LifecycleFileSystem owner;
    private final FileSystem fileSystem;
    /** Per task definition (by identity: one Java object per construct), volume name to the mounted access point ARN. */
    private final Map<TaskDefinition, Map<String, String>> volumes = new IdentityHashMap<>();

    Mounts(final LifecycleFileSystem owner, final FileSystem fileSystem) {
        this.owner = owner;
        this.fileSystem = fileSystem;
    }

    /**
     * @param taskDefinition  a Fargate-compatible Linux task definition
     * @param tasks           the service or its security group
     * @param tasksName       what the NFS rule's description calls {@code tasks}
     * @param service         the service that waits for the mount targets, or null
     * @param platformVersion the service's platform version as Fargate spells it, or null when unknown
     * @param os              the task definition's operating system family, or null to read it from the task
     *                        definition
     * @param containerName   container that gets the mount point
     * @param options         access point, container path and options
     */
    void mount(
            final TaskDefinition taskDefinition,
            final IConnectable tasks,
            final String tasksName,
            final @Nullable BaseService service,
            final @Nullable String platformVersion,
            final @Nullable String os,
            final String containerName,
            final MountOptions options) {
        IAccessPoint accessPoint = options.getAccessPoint();
        boolean readOnly = Defaults.orDefault(options.getReadOnly(), Boolean.FALSE);
        String volumeName = Defaults.orDefault(options.getVolumeName(), defaultVolumeName(accessPoint));

        validateTask(taskDefinition, service, platformVersion, os != null ? os : operatingSystemFamily(taskDefinition));
        owner.validateAccessPointOwner(accessPoint);
        String root = options.getRootDirectory();
        if (root != null && !Check.isToken(root) && !"/".equals(root)) {
            throw Check.fail(
                    owner,
                    "rootDirectory",
                    "must be omitted or '/' when mounting through an access point "
                            + "(the access point's path is the root), got '" + root
                            + "'; put the directory in the access "
                            + "point's path instead");
        }
        String path = options.getContainerPath();
        if (!Check.isToken(path) && (!path.startsWith("/") || "/".equals(path))) {
            throw Check.fail(
                    owner, "containerPath", "must be an absolute path below / such as /data, got '" + path + "'");
        }
        ContainerDefinition container = taskDefinition.findContainer(containerName);
        if (container == null) {
            throw Check.fail(
                    owner,
                    "containerName",
                    "must name a container of task definition "
                            + Check.path(taskDefinition) + " ("
                            + String.join(", ", containerNames(taskDefinition))
                            + "), got '" + containerName + "'");
        }
        if (!Check.isToken(volumeName) && !VOLUME_NAME.matcher(volumeName).matches()) {
            throw Check.fail(
                    owner,
                    "volumeName",
                    "must be 1-255 letters, digits, hyphens or underscores, got '" + volumeName + "'");
        }

        // Volume (once per task definition and name).
        Map<String, String> taskVolumes = volumes.computeIfAbsent(taskDefinition, t -> new LinkedHashMap<>());
        String accessPointArn = accessPoint.getAccessPointArn();
        String mountedAccessPoint = taskVolumes.get(volumeName);
        if (mountedAccessPoint == null) {
            taskDefinition.addVolume(Volume.builder()
                    .name(volumeName)
                    .efsVolumeConfiguration(EfsVolumeConfiguration.builder()
                            .fileSystemId(fileSystem.getFileSystemId())
                            .transitEncryption("ENABLED")
                            .authorizationConfig(AuthorizationConfig.builder()
                                    .accessPointId(accessPoint.getAccessPointId())
                                    .iam("ENABLED")
                                    .build())
                            .build())
                    .build());
            taskVolumes.put(volumeName, accessPointArn);
        } else if (!mountedAccessPoint.equals(accessPointArn)) {
            throw Check.fail(
                    owner,
                    "volumeName",
                    "must be unique in task definition "
                            + Check.path(taskDefinition) + ", got '" + volumeName
                            + "', already used for another "
                            + "access point; pass a different volumeName");
        }
        container.addMountPoints(MountPoint.builder()
                .sourceVolume(volumeName)
                .containerPath(path)
                .readOnly(readOnly)
                .build());

        // Network: NFS from the tasks only.
        fileSystem.getConnections().allowDefaultPortFrom(tasks, "NFS from " + tasksName);

        // IAM: the task role, through this access point.
        IRole taskRole = taskDefinition.getTaskRole();
        if (readOnly) {
            owner.grantRead(taskRole, accessPoint);
        } else {
            owner.grantReadWrite(taskRole, accessPoint);
        }
        IConstruct rolePolicy = taskRole.getNode().tryFindChild("DefaultPolicy");
        if (rolePolicy != null) {
            Nag.suppress(
                    rolePolicy,
                    Nag.inlinePolicy("Role-scoped policy generated by CDK grants for this task role only; it holds "
                            + "the EFS client grant of the mounted access point"));
        }

        // Tasks start only once the mount targets exist.
        if (service != null) {
            service.getNode().addDependency(fileSystem.getMountTargetsAvailable());
        }
    }

    /** @return the container to mount into: {@code containerName}, or the task definition's default container */
    String containerName(final TaskDefinition taskDefinition, final MountOptions options) {
        if (options.getContainerName() != null) {
            return options.getContainerName();
        }
        ContainerDefinition container = taskDefinition.getDefaultContainer();
        if (container == null) {
            throw Check.fail(
                    owner,
                    "containerName",
                    "is required when task definition " + Check.path(taskDefinition)
                            + " has no essential container, got nothing");
        }
        return container.getContainerName();
    }

    private void validateTask(
            final TaskDefinition taskDefinition,
            final @Nullable BaseService service,
            final @Nullable String platformVersion,
            final @Nullable String os) {
        String td = Check.path(taskDefinition);
        if (!Boolean.TRUE.equals(taskDefinition.getIsFargateCompatible())) {
            throw Check.fail(
                    owner,
                    "taskDefinition",
                    "must be Fargate-compatible, got " + td + " with compatibility " + taskDefinition.getCompatibility()
                            + "; use a FargateTaskDefinition");
        }
        if (os != null && !Check.isToken(os) && !LINUX.equals(os)) {
            throw Check.fail(
                    owner,
                    "taskDefinition",
                    "must run Linux (Fargate mounts EFS only in Linux tasks), got " + td + " with operating system "
                            + os);
        }
        if (service != null
                && platformVersion != null
                && !Check.isToken(platformVersion)
                && !Fargate.isAtLeast14(platformVersion)) {
            throw Check.fail(
                    owner,
                    "service",
                    "must run on Fargate platform version 1.4.0 or later to mount EFS, " + "got " + Check.path(service)
                            + " on " + platformVersion);
        }
    }

    /**
     * The platform version of an aws-cdk-lib service. The L2 {@code FargateService} keeps it only in its
     * CloudFormation resource, so it is read there (the typed L1 getter; a {@code SecureFargateService} hands it out
     * through {@code getPlatformVersion()} instead).
     *
     * @return the version as Fargate spells it, or null when the service sets none
     */
    static @Nullable String platformVersion(final BaseService service) {
        IConstruct resource = service.getNode().getDefaultChild();
        return resource instanceof CfnService ? ((CfnService) resource).getPlatformVersion() : null;
    }

    /**
     * The operating system family of a task definition the user built (a {@code SecureFargateService} is Linux by
     * design).
     */
    private static @Nullable String operatingSystemFamily(final TaskDefinition taskDefinition) {
        IConstruct child = taskDefinition.getNode().getDefaultChild();
        return child instanceof CfnTaskDefinition ? Fargate.operatingSystemFamily((CfnTaskDefinition) child) : null;
    }

    private static List<String> containerNames(final TaskDefinition taskDefinition) {
        List<String> names = new ArrayList<>();
        for (IConstruct child : taskDefinition.getNode().getChildren()) {
            if (child instanceof ContainerDefinition) {
                names.add(((ContainerDefinition) child).getContainerName());
            }
        }
        return names;
    }

    private String defaultVolumeName(final IAccessPoint accessPoint) {
        return (owner.getNode().getId() + "-" + accessPoint.getNode().getId()).replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** @return what the NFS rule's description calls {@code tasks}: its path, or "the mounting tasks" */
    static String describe(final IConnectable tasks) {
        return tasks instanceof IConstruct ? Check.path((IConstruct) tasks) : "the mounting tasks";
    }
}
