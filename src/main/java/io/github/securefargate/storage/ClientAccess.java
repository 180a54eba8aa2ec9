package io.github.securefargate.storage;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelection;
import software.amazon.awscdk.services.backup.BackupSelectionProps;
import software.amazon.awscdk.services.backup.IBackupPlan;
import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Who may reach the data of a {@link LifecycleFileSystem}: its file-system policy, the client grants in the
 * principals' own policies, and AWS Backup's selection. Creates its children in the file system's scope.
 *
 * <p>Not part of the public API.
 */
final class ClientAccess {
    private ClientAccess() {}

    /**
     * The file-system policy: denies every request made without TLS and allows nothing to anyone, so the EFS default
     * policy (full access for anyone who reaches a mount target) never applies and anonymous clients are refused.
     * aws-cdk-lib adds its own statement (any IAM principal may write and act as root through a mount target) unless
     * allowAnonymousAccess is true; the flag only suppresses that statement. Grants go into the principals' policies,
     * with the exact access point ARN.
     */
    static PolicyDocument tlsOnlyPolicy() {
        return PolicyDocument.Builder.create()
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid(LifecycleFileSystem.DENY_INSECURE_TRANSPORT_SID)
                        .effect(Effect.DENY)
                        .principals(List.of(Shared.anyPrincipal()))
                        .actions(LifecycleFileSystem.ROOT_ACCESS_ACTIONS)
                        .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                        .build()))
                .build();
    }

    /** @return the grant of {@code actions} on the file system, through a mount target and {@code accessPoint} */
    static Grant grant(
            final LifecycleFileSystem owner,
            final IGrantable grantee,
            final List<String> actions,
            final @Nullable IAccessPoint accessPoint) {
        if (accessPoint != null) {
            owner.validateAccessPointOwner(accessPoint);
        }
        Map<String, Map<String, Object>> conditions = new LinkedHashMap<>();
        conditions.put("Bool", Map.of(LifecycleFileSystem.VIA_MOUNT_TARGET_KEY, "true"));
        if (accessPoint != null) {
            conditions.put(
                    "StringEquals", Map.of(LifecycleFileSystem.ACCESS_POINT_ARN_KEY, accessPoint.getAccessPointArn()));
        }
        Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(actions)
                .resourceArns(List.of(owner.getFileSystemArn()))
                .conditions(conditions)
                .build());
        if (!Boolean.TRUE.equals(grant.getSuccess())) {
            throw Check.fail(
                    owner,
                    "grantee",
                    "must be a role or user of this account (the grant goes into its "
                            + "identity policy), got a principal without one; for another account, add a statement to "
                            + "getFileSystem().addToResourcePolicy(...) and grant the principal in its own account");
        }
        return grant;
    }

    /** @return the selection that adds the file system to {@code plan} */
    static BackupSelection addToBackupPlan(final LifecycleFileSystem owner, final IBackupPlan plan) {
        BackupSelection selection = new BackupSelection(
                owner,
                "BackupSelection",
                BackupSelectionProps.builder()
                        .backupPlan(plan)
                        .resources(List.of(BackupResource.fromEfsFileSystem(owner.getFileSystem())))
                        .allowRestores(false)
                        .build());
        Nag.suppress(
                selection.getNode().findChild("Role"),
                "AWS Backup assumes this role to back up the file "
                        + "system; AWSBackupServiceRolePolicyForBackup is the service role policy AWS Backup documents for "
                        + "it, and it is maintained by AWS as the service adds resource types",
                List.of(
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"),
                "AwsSolutions-IAM4");
        return selection;
    }
}
