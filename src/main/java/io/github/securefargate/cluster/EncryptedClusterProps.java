package io.github.securefargate.cluster;

import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of {@link EncryptedCluster}. */
public final class EncryptedClusterProps {
    private final IVpc vpc;
    private final @Nullable String clusterName;
    private final @Nullable IKey ephemeralStorageKey;
    private final @Nullable Boolean keyPolicyManagedExternally;
    private final @Nullable ContainerInsights containerInsights;
    private final @Nullable IPrincipal clusterDeployer;
    private final @Nullable Boolean keyStateAlerts;
    private final @Nullable ITopic alertTopic;
    private final @Nullable List<String> alertEmails;

    private EncryptedClusterProps(final Builder b) {
        this.vpc = b.vpc;
        this.clusterName = b.clusterName;
        this.ephemeralStorageKey = b.ephemeralStorageKey;
        this.keyPolicyManagedExternally = b.keyPolicyManagedExternally;
        this.containerInsights = b.containerInsights;
        this.clusterDeployer = b.clusterDeployer;
        this.keyStateAlerts = b.keyStateAlerts;
        this.alertTopic = b.alertTopic;
        this.alertEmails = b.alertEmails == null ? null : List.copyOf(b.alertEmails);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** VPC the cluster's tasks run in. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * Physical name of the cluster. The key policy is scoped to this name, so the name must be known at synth time.
     *
     * @default - a name derived from the construct path, unique in the account and stable across deployments
     */
    public @Nullable String getClusterName() {
        return clusterName;
    }

    /**
     * Customer-managed key that encrypts Fargate ephemeral storage. Must be a single-Region symmetric key referenced by
     * id or ARN, never an alias. A key created in this app gets the ECS key policy statements added; an imported key's
     * policy cannot be edited, so {@link #getKeyPolicyManagedExternally()} must be set to {@code true} for it.
     *
     * @default - a new single-Region symmetric key with rotation, retained on delete and on replacement
     */
    public @Nullable IKey getEphemeralStorageKey() {
        return ephemeralStorageKey;
    }

    /**
     * States that the key policy of an imported {@link #getEphemeralStorageKey()} already grants Fargate what
     * {@link EncryptedCluster#fargateKeyPolicy(String, String, software.amazon.awscdk.services.iam.IPrincipal)}
     * lists. Required, and only allowed, with an imported key.
     *
     * @default false
     */
    public @Nullable Boolean getKeyPolicyManagedExternally() {
        return keyPolicyManagedExternally;
    }

    /**
     * CloudWatch Container Insights level.
     *
     * @default ContainerInsights.ENABLED
     */
    public @Nullable ContainerInsights getContainerInsights() {
        return containerInsights;
    }

    /**
     * Principal that creates and updates the cluster; it is allowed {@code kms:DescribeKey}, which ECS uses to check
     * that the key is symmetric and enabled.
     *
     * @default - the CloudFormation execution role of the stack's {@code DefaultStackSynthesizer}, or the account
     *           root principal (IAM policies decide) for other synthesizers
     */
    public @Nullable IPrincipal getClusterDeployer() {
        return clusterDeployer;
    }

    /**
     * Whether to alert when the ephemeral-storage key is disabled or scheduled for deletion (new tasks then fail to
     * start). The rule matches CloudTrail management events, so the account needs a CloudTrail trail.
     *
     * @default true; false, with a warning, for a key of another account (use {@code KeyStateAlert} in that account)
     */
    public @Nullable Boolean getKeyStateAlerts() {
        return keyStateAlerts;
    }

    /**
     * Topic that receives key-state alerts.
     *
     * @default - a new {@link io.github.securefargate.notifications.EncryptedTopic} with its own key (never the cluster
     *           key: a disabled cluster key must not silence its own alert)
     */
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /**
     * E-mail addresses subscribed to the alert topic the construct creates. Not allowed with {@link #getAlertTopic()}.
     *
     * @default - no subscriptions
     */
    public @Nullable List<String> getAlertEmails() {
        return alertEmails;
    }

    /** Builder for {@link EncryptedClusterProps}. */
    public static final class Builder {
        private IVpc vpc;
        private String clusterName;
        private IKey ephemeralStorageKey;
        private Boolean keyPolicyManagedExternally;
        private ContainerInsights containerInsights;
        private IPrincipal clusterDeployer;
        private Boolean keyStateAlerts;
        private ITopic alertTopic;
        private List<String> alertEmails;

        private Builder() {}

        /** @see EncryptedClusterProps#getVpc() */
        public Builder vpc(final IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see EncryptedClusterProps#getClusterName() */
        public Builder clusterName(final String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** @see EncryptedClusterProps#getEphemeralStorageKey() */
        public Builder ephemeralStorageKey(final IKey ephemeralStorageKey) {
            this.ephemeralStorageKey = ephemeralStorageKey;
            return this;
        }

        /** @see EncryptedClusterProps#getKeyPolicyManagedExternally() */
        public Builder keyPolicyManagedExternally(final Boolean keyPolicyManagedExternally) {
            this.keyPolicyManagedExternally = keyPolicyManagedExternally;
            return this;
        }

        /** @see EncryptedClusterProps#getContainerInsights() */
        public Builder containerInsights(final ContainerInsights containerInsights) {
            this.containerInsights = containerInsights;
            return this;
        }

        /** @see EncryptedClusterProps#getClusterDeployer() */
        public Builder clusterDeployer(final IPrincipal clusterDeployer) {
            this.clusterDeployer = clusterDeployer;
            return this;
        }

        /** @see EncryptedClusterProps#getKeyStateAlerts() */
        public Builder keyStateAlerts(final Boolean keyStateAlerts) {
            this.keyStateAlerts = keyStateAlerts;
            return this;
        }

        /** @see EncryptedClusterProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            this.alertTopic = alertTopic;
            return this;
        }

        /** @see EncryptedClusterProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            this.alertEmails = alertEmails;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when {@code vpc} is missing
         */
        public EncryptedClusterProps build() {
            if (vpc == null) {
                throw new IllegalArgumentException("EncryptedClusterProps: vpc is required, got nothing");
            }
            return new EncryptedClusterProps(this);
        }
    }
}
