package io.github.securefargate.cluster;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.ResourcePolicies;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.internal.Shared;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.IStackSynthesizer;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.CfnCluster;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.IAlias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * An ECS cluster whose Fargate ephemeral storage is encrypted with a customer-managed KMS key, with the key policy the
 * ECS developer guide asks for: {@code fargate.amazonaws.com} may call {@code kms:GenerateDataKeyWithoutPlaintext} and
 * {@code kms:CreateGrant} (Decrypt grants only), both scoped by account <em>and</em> cluster name, and the cluster's
 * deployer may call {@code kms:DescribeKey}.
 *
 * <p>Container Insights is on, Fargate capacity providers are enabled, and an EventBridge rule alerts an encrypted SNS
 * topic when the key is disabled or scheduled for deletion, because new tasks cannot start without it.
 *
 * <pre>{@code
 * EncryptedCluster cluster = EncryptedCluster.Builder.create(this, "Cluster").vpc(vpc).build();
 * }</pre>
 */
public class EncryptedCluster extends Construct {
    /** Service principal that uses the key on behalf of Fargate tasks. */
    public static final String FARGATE_SERVICE_PRINCIPAL = "fargate.amazonaws.com";
    /** Encryption-context key carrying the cluster's account id. */
    public static final String CONTEXT_CLUSTER_ACCOUNT = "kms:EncryptionContext:aws:ecs:clusterAccount";
    /** Encryption-context key carrying the cluster's name. */
    public static final String CONTEXT_CLUSTER_NAME = "kms:EncryptionContext:aws:ecs:clusterName";
    /** IAM condition key naming the ephemeral-storage key in {@code ecs:CreateCluster}/{@code ecs:UpdateCluster}. */
    public static final String GUARDRAIL_CONDITION_KEY = "ecs:fargate-ephemeral-storage-kms-key";
    /** ECS actions the organization guardrail applies to. */
    public static final List<String> GUARDRAIL_ACTIONS = List.of("ecs:CreateCluster", "ecs:UpdateCluster");
    /** KMS API calls after which new Fargate tasks cannot start. */
    public static final List<String> KEY_STATE_EVENTS = List.of("DisableKey", "ScheduleKeyDeletion");
    /** Warning id: the key is in another account, so its key-state alert belongs there ({@link KeyStateAlert}). */
    public static final String WARNING_KEY_STATE_ALERT_ELSEWHERE = "secure-fargate:keyStateAlertInKeyAccount";
    /** Maximum length of an ECS cluster name. */
    public static final int MAX_CLUSTER_NAME_LENGTH = 255;

    private final Cluster cluster;
    private final IKey key;
    private final String clusterName;
    private final @Nullable ITopic alertTopic;
    private final @Nullable Rule keyStateRule;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public EncryptedCluster(final Construct scope, final String id, final EncryptedClusterProps props) {
        super(scope, id);
        Stack stack = Env.stack(this);

        // Resolve defaults.
        this.clusterName = props.getClusterName() != null ? props.getClusterName() : defaultClusterName();
        boolean alerts = props.getKeyStateAlerts() == null || props.getKeyStateAlerts();
        boolean externalPolicy = Boolean.TRUE.equals(props.getKeyPolicyManagedExternally());
        ContainerInsights insights =
                props.getContainerInsights() != null ? props.getContainerInsights() : ContainerInsights.ENABLED;

        // Validate.
        validateClusterName(clusterName);
        Check.alertTopicOrEmails(this, props.getAlertTopic(), props.getAlertEmails());
        if (!alerts && (props.getAlertTopic() != null || props.getAlertEmails() != null)) {
            throw Check.fail(
                    this,
                    "keyStateAlerts",
                    "is false, so alertTopic and alertEmails have no effect; "
                            + "remove them or set keyStateAlerts(true)");
        }

        // Create children.
        if (props.getEphemeralStorageKey() != null) {
            this.key = props.getEphemeralStorageKey();
            validateKey(key, externalPolicy);
            // A bare key id resolves in the caller's account: a key of another account must be named by its ARN.
            if (!externalPolicy) {
                keyPolicyStatements(stack, clusterName, props).forEach(s -> ResourcePolicies.add(key, s, false));
            }
        } else {
            if (externalPolicy) {
                throw Check.fail(
                        this,
                        "keyPolicyManagedExternally",
                        "applies only to an imported "
                                + "ephemeralStorageKey, got true with no key; remove it or pass the key");
            }
            this.key = Keys.create(
                    this,
                    "Key",
                    "Encrypts Fargate ephemeral storage of ECS cluster " + clusterName,
                    keyPolicyStatements(stack, clusterName, props));
        }
        // The key this construct creates is in this stack's account; only a given key may be in another one.
        String keyAccount = props.getEphemeralStorageKey() != null ? foreignAccount(key, stack) : null;

        this.cluster = Cluster.Builder.create(this, "EcsCluster")
                .vpc(props.getVpc())
                .clusterName(clusterName)
                .containerInsightsV2(insights)
                .enableFargateCapacityProviders(true)
                .build();
        // Set the key directly: ClusterProps.managedStorageConfiguration would add a second, account-only scoped
        // copy of the Fargate statements to the key policy.
        ((CfnCluster) cluster.getNode().getDefaultChild())
                .addPropertyOverride(
                        "Configuration.ManagedStorageConfiguration.FargateEphemeralStorageKmsKeyId",
                        keyAccount != null ? key.getKeyArn() : key.getKeyId());

        if (alerts && keyAccount != null) {
            if (props.getKeyStateAlerts() != null || props.getAlertTopic() != null || props.getAlertEmails() != null) {
                throw Check.fail(
                        this,
                        "keyStateAlerts",
                        "cannot be created in this account: the key is in account "
                                + keyAccount
                                + " and CloudTrail records its DisableKey and ScheduleKeyDeletion events there "
                                + "only. Create a KeyStateAlert in a stack of account " + keyAccount + " and set "
                                + "keyStateAlerts(false) here");
            }
            Annotations.of(this)
                    .addWarningV2(
                            WARNING_KEY_STATE_ALERT_ELSEWHERE,
                            "The ephemeral-storage key is in "
                                    + "account " + keyAccount
                                    + ", where CloudTrail records its key-state events, so no key-state "
                                    + "alert is created here. Create a KeyStateAlert in a stack of account "
                                    + keyAccount
                                    + " (and set keyStateAlerts(false) to acknowledge).");
            alerts = false;
        }
        if (alerts) {
            this.alertTopic = KeyStateAlert.alertTopic(this, props.getAlertTopic(), props.getAlertEmails());
            this.keyStateRule = createKeyStateRule(alertTopic);
        } else {
            this.alertTopic = null;
            this.keyStateRule = null;
        }
    }

    /** Builder in the style of aws-cdk-lib. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final EncryptedClusterProps.Builder props = EncryptedClusterProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for a cluster with {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see EncryptedClusterProps#getVpc() */
        public Builder vpc(final IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see EncryptedClusterProps#getClusterName() */
        public Builder clusterName(final String clusterName) {
            props.clusterName(clusterName);
            return this;
        }

        /** @see EncryptedClusterProps#getEphemeralStorageKey() */
        public Builder ephemeralStorageKey(final IKey key) {
            props.ephemeralStorageKey(key);
            return this;
        }

        /** @see EncryptedClusterProps#getKeyPolicyManagedExternally() */
        public Builder keyPolicyManagedExternally(final Boolean value) {
            props.keyPolicyManagedExternally(value);
            return this;
        }

        /** @see EncryptedClusterProps#getContainerInsights() */
        public Builder containerInsights(final ContainerInsights value) {
            props.containerInsights(value);
            return this;
        }

        /** @see EncryptedClusterProps#getClusterDeployer() */
        public Builder clusterDeployer(final IPrincipal value) {
            props.clusterDeployer(value);
            return this;
        }

        /** @see EncryptedClusterProps#getKeyStateAlerts() */
        public Builder keyStateAlerts(final Boolean value) {
            props.keyStateAlerts(value);
            return this;
        }

        /** @see EncryptedClusterProps#getAlertTopic() */
        public Builder alertTopic(final ITopic value) {
            props.alertTopic(value);
            return this;
        }

        /** @see EncryptedClusterProps#getAlertEmails() */
        public Builder alertEmails(final List<String> value) {
            props.alertEmails(value);
            return this;
        }

        /** @return the construct */
        public EncryptedCluster build() {
            return new EncryptedCluster(scope, id, props.build());
        }
    }

    /**
     * The key-policy statements Fargate needs on an ephemeral-storage key, for teams that manage the key policy
     * outside this app: add them there and pass {@code keyPolicyManagedExternally(true)}.
     *
     * @param account     account id of the cluster
     * @param clusterName name (not ARN) of the cluster
     * @param deployer    principal that creates and updates the cluster
     * @return a policy document with the three statements
     */
    public static PolicyDocument fargateKeyPolicy(
            final String account, final String clusterName, final IPrincipal deployer) {
        return PolicyDocument.Builder.create()
                .statements(fargateKeyPolicyStatements(account, clusterName, deployer))
                .build();
    }

    /** The Fargate statements for this cluster's key, for the deployer of {@code props} or the default one. */
    private static List<PolicyStatement> keyPolicyStatements(
            final Stack stack, final String clusterName, final EncryptedClusterProps props) {
        IPrincipal deployer = props.getClusterDeployer() != null ? props.getClusterDeployer() : defaultDeployer(stack);
        return fargateKeyPolicyStatements(Env.account(stack), clusterName, deployer);
    }

    private static List<PolicyStatement> fargateKeyPolicyStatements(
            final String account, final String clusterName, final IPrincipal deployer) {
        Map<String, Object> scoped = new LinkedHashMap<>();
        scoped.put(CONTEXT_CLUSTER_ACCOUNT, List.of(account));
        scoped.put(CONTEXT_CLUSTER_NAME, List.of(clusterName));
        ServicePrincipal fargate = Shared.service(FARGATE_SERVICE_PRINCIPAL);
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("AllowFargateGenerateDataKeyForCluster")
                        .principals(List.of(fargate))
                        .actions(List.of("kms:GenerateDataKeyWithoutPlaintext"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", scoped))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("AllowFargateDecryptGrantForCluster")
                        .principals(List.of(fargate))
                        .actions(List.of("kms:CreateGrant"))
                        .resources(List.of("*"))
                        .conditions(Map.of(
                                "StringEquals",
                                scoped,
                                "ForAllValues:StringEquals",
                                Map.of("kms:GrantOperations", List.of("Decrypt"))))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("AllowClusterDeployerDescribeKey")
                        .principals(List.of(deployer))
                        .actions(List.of("kms:DescribeKey"))
                        .resources(List.of("*"))
                        .build());
    }

    /**
     * Organization guardrail, "require this key": an identity-policy statement that allows creating and updating ECS
     * clusters only when they name this cluster's ephemeral-storage key. Attach to the roles that manage clusters.
     *
     * @return a policy document with one Allow statement
     */
    public PolicyDocument requireThisKeyGuardrail() {
        return PolicyDocument.Builder.create()
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("AllowClustersOnlyWithEphemeralStorageKey")
                        .effect(Effect.ALLOW)
                        .actions(GUARDRAIL_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(Map.of(
                                "StringEquals",
                                Map.of(GUARDRAIL_CONDITION_KEY, List.of(key.getKeyId(), key.getKeyArn()))))
                        .build()))
                .build();
    }

    /**
     * Organization guardrail, "deny if absent": a statement for a service control policy or permissions boundary that
     * denies creating or updating any ECS cluster without a Fargate ephemeral-storage key. Note that it also denies
     * {@code UpdateCluster} calls that do not restate the key.
     *
     * @return a policy document with one Deny statement
     */
    public static PolicyDocument denyClustersWithoutKeyGuardrail() {
        return PolicyDocument.Builder.create()
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("DenyClustersWithoutEphemeralStorageKey")
                        .effect(Effect.DENY)
                        .actions(GUARDRAIL_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(Map.of("Null", Map.of(GUARDRAIL_CONDITION_KEY, "true")))
                        .build()))
                .build();
    }

    /** @return the ECS cluster */
    public Cluster getCluster() {
        return cluster;
    }

    /** @return the cluster's name, known at synth time */
    public String getClusterName() {
        return clusterName;
    }

    /** @return the cluster's ARN */
    public String getClusterArn() {
        return cluster.getClusterArn();
    }

    /** @return the VPC of the cluster */
    public IVpc getVpc() {
        return cluster.getVpc();
    }

    /** @return the key that encrypts Fargate ephemeral storage */
    public IKey getKey() {
        return key;
    }

    /** @return the topic that receives key-state alerts, or null when {@code keyStateAlerts} is false */
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /** @return the EventBridge rule that watches the key, or null when {@code keyStateAlerts} is false */
    public @Nullable Rule getKeyStateRule() {
        return keyStateRule;
    }

    private Rule createKeyStateRule(final ITopic topic) {
        return KeyStateAlert.createRule(this, "KeyStateRule", key, clusterName, topic);
    }

    /**
     * @return the account of a key from another account (an imported key whose ARN names an account other than this
     *         stack's), or null for a key of this account or when either account is an unresolved token
     */
    private static @Nullable String foreignAccount(final IKey given, final Stack stack) {
        String keyAccount = given.getEnv().getAccount();
        if (Check.isToken(keyAccount) || Check.isToken(Env.account(stack)) || keyAccount.equals(Env.account(stack))) {
            return null;
        }
        return keyAccount;
    }

    private void validateClusterName(final String name) {
        if (Check.isToken(name)) {
            throw Check.fail(
                    this,
                    "clusterName",
                    "must be known at synth time because the key policy is scoped to "
                            + "it, got an unresolved token; pass a literal name or omit it");
        }
        if (!name.matches("[A-Za-z0-9_-]{1," + MAX_CLUSTER_NAME_LENGTH + "}")) {
            throw Check.fail(
                    this,
                    "clusterName",
                    "must be 1-" + MAX_CLUSTER_NAME_LENGTH + " letters, digits, hyphens or underscores, got '" + name
                            + "'");
        }
    }

    private void validateKey(final IKey given, final boolean externalPolicy) {
        if (given instanceof IAlias || isAliasReference(given.getKeyArn()) || isAliasReference(given.getKeyId())) {
            String shown = given instanceof IAlias && !Check.isToken(((IAlias) given).getAliasName())
                    ? ((IAlias) given).getAliasName()
                    : given instanceof IAlias ? Check.path(given) : given.getKeyArn();
            throw Check.fail(
                    this,
                    "ephemeralStorageKey",
                    "must be a key referenced by id or ARN, got an alias (" + shown
                            + "); Fargate does not accept aliases: pass the key itself (alias.getAliasTargetKey())");
        }
        String keyId = given.getKeyId();
        if (!Check.isToken(keyId) && keyId.startsWith("mrk-")) {
            throw Check.fail(
                    this, "ephemeralStorageKey", "must be a single-Region key, got the multi-Region key " + keyId);
        }
        IConstruct child = given.getNode().getDefaultChild();
        if (child instanceof CfnKey) {
            CfnKey cfnKey = (CfnKey) child;
            if (cfnKey.getMultiRegion() != null && isTrue(cfnKey.getMultiRegion())) {
                throw Check.fail(
                        this,
                        "ephemeralStorageKey",
                        "must be a single-Region key, got a key with " + "multiRegion: true (" + Check.path(given)
                                + ")");
            }
            Rules.symmetricKey(this, "ephemeralStorageKey", given);
            if (externalPolicy) {
                throw Check.fail(
                        this,
                        "keyPolicyManagedExternally",
                        "is true, but ephemeralStorageKey "
                                + Check.path(given) + " is defined in this app and its policy is edited here; "
                                + "remove keyPolicyManagedExternally");
            }
        } else if (!externalPolicy) {
            throw Check.fail(
                    this,
                    "ephemeralStorageKey",
                    "is an imported key (" + given.getKeyArn() + ") whose "
                            + "policy this construct cannot edit. Add the statements of EncryptedCluster.fargateKeyPolicy(account, '"
                            + clusterName + "', deployer) to its key policy and set keyPolicyManagedExternally(true)");
        }
    }

    private static boolean isAliasReference(final String ref) {
        return ref != null && !Check.isToken(ref) && (ref.startsWith("alias/") || ref.contains(":alias/"));
    }

    private static boolean isTrue(final Object value) {
        return Boolean.TRUE.equals(value);
    }

    private String defaultClusterName() {
        return Names.uniqueResourceName(
                this,
                UniqueResourceNameOptions.builder()
                        .maxLength(MAX_CLUSTER_NAME_LENGTH)
                        .separator("-")
                        .build());
    }

    private static IPrincipal defaultDeployer(final Stack stack) {
        IStackSynthesizer synthesizer = stack.getSynthesizer(); // read once: each read is a round trip
        if (synthesizer instanceof DefaultStackSynthesizer) {
            // The synthesizer's ARN keeps ${AWS::Partition} as a placeholder: Fn::Sub resolves it.
            return new ArnPrincipal(
                    Fn.sub(((DefaultStackSynthesizer) synthesizer).getCloudFormationExecutionRoleArn()));
        }
        return Shared.accountRoot();
    }
}
