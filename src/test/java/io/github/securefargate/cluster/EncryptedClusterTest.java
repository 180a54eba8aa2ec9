package io.github.securefargate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.testing.TestApps;
import io.github.securefargate.testing.TlsOnly;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;

class EncryptedClusterTest {

    private static Vpc vpc(final Stack stack) {
        return Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    }

    private static EncryptedCluster.Builder cluster(final Stack stack) {
        return EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc(stack));
    }

    @Nested
    class Defaults {
        private static Template template;
        private static EncryptedCluster cluster;

        @BeforeAll
        static void synth() {
            Stack stack = TestApps.stack();
            cluster = EncryptedCluster.Builder.create(stack, "Cluster")
                    .vpc(vpc(stack))
                    .build();
            template = Template.fromStack(stack);
        }

        @Test
        void createsRetainedRotatedSingleRegionSymmetricKey() {
            template.hasResource(
                    "AWS::KMS::Key",
                    Map.of(
                            "Properties",
                                    Match.objectLike(Map.of(
                                            "EnableKeyRotation",
                                            true,
                                            "KeySpec",
                                            "SYMMETRIC_DEFAULT",
                                            "KeyUsage",
                                            "ENCRYPT_DECRYPT",
                                            "MultiRegion",
                                            false,
                                            "Description",
                                            Match.stringLikeRegexp("Fargate ephemeral storage"))),
                            "DeletionPolicy", "Retain",
                            "UpdateReplacePolicy", "Retain"));
        }

        @Test
        void encryptsEphemeralStorageWithTheKey() {
            template.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of(
                            "ClusterName", cluster.getClusterName(),
                            "Configuration",
                                    Map.of(
                                            "ManagedStorageConfiguration",
                                            Map.of(
                                                    "FargateEphemeralStorageKmsKeyId",
                                                    Map.of("Ref", "ClusterKeyB247D7DD"))),
                            "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
        }

        @Test
        void namesTheClusterDeterministicallyFromItsPath() {
            assertThat(cluster.getClusterName())
                    .isEqualTo("TestStack-Cluster-8E857178")
                    .doesNotContain("${Token");
        }

        @Test
        void scopesFargateKeyUseByAccountAndClusterName() {
            Map<String, Object> scoped = Map.of(
                    "kms:EncryptionContext:aws:ecs:clusterAccount", List.of(TestApps.ACCOUNT),
                    "kms:EncryptionContext:aws:ecs:clusterName", List.of(cluster.getClusterName()));
            template.hasResourceProperties(
                    "AWS::KMS::Key",
                    Map.of(
                            "KeyPolicy",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(
                                            Map.of(
                                                    "Sid",
                                                    "AllowFargateGenerateDataKeyForCluster",
                                                    "Effect",
                                                    "Allow",
                                                    "Principal",
                                                    Map.of("Service", "fargate.amazonaws.com"),
                                                    "Action",
                                                    "kms:GenerateDataKeyWithoutPlaintext",
                                                    "Resource",
                                                    "*",
                                                    "Condition",
                                                    Map.of("StringEquals", scoped)),
                                            Map.of(
                                                    "Sid",
                                                    "AllowFargateDecryptGrantForCluster",
                                                    "Effect",
                                                    "Allow",
                                                    "Principal",
                                                    Map.of("Service", "fargate.amazonaws.com"),
                                                    "Action",
                                                    "kms:CreateGrant",
                                                    "Resource",
                                                    "*",
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals",
                                                            scoped,
                                                            "ForAllValues:StringEquals",
                                                            Map.of("kms:GrantOperations", List.of("Decrypt")))))))));
        }

        @Test
        void letsTheCloudFormationExecutionRoleDescribeTheKey() {
            template.hasResourceProperties(
                    "AWS::KMS::Key",
                    Map.of(
                            "KeyPolicy",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(
                                            List.of(
                                                    Map.of(
                                                            "Sid", "AllowClusterDeployerDescribeKey",
                                                            "Effect", "Allow",
                                                            "Action", "kms:DescribeKey",
                                                            "Resource", "*",
                                                            "Principal",
                                                                    Map.of(
                                                                            "AWS",
                                                                            Map.of(
                                                                                    "Fn::Sub",
                                                                                    "arn:${AWS::Partition}:iam::111111111111:"
                                                                                            + "role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1"))))))));
        }

        @Test
        void grantsFargateNothingBeyondTheTwoScopedStatements() {
            Map<String, Map<String, Object>> keys = template.findResources(
                    "AWS::KMS::Key", Map.of("Properties", Map.of("Description", Match.stringLikeRegexp("ephemeral"))));
            String json = keys.values().iterator().next().toString();
            assertThat(json.split("fargate.amazonaws.com", -1)).hasSize(3);
        }

        @Test
        void alertsAnEncryptedTopicWhenTheKeyIsDisabledOrScheduledForDeletion() {
            template.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                            Map.of(
                                    "source", List.of("aws.kms"),
                                    "detail-type", List.of("AWS API Call via CloudTrail"),
                                    "detail",
                                            Map.of(
                                                    "eventSource", List.of("kms.amazonaws.com"),
                                                    "eventName", List.of("DisableKey", "ScheduleKeyDeletion"),
                                                    "$or",
                                                            List.of(
                                                                    Map.of(
                                                                            "requestParameters",
                                                                            Map.of(
                                                                                    "keyId",
                                                                                    List.of(
                                                                                            Map.of(
                                                                                                    "Ref",
                                                                                                    "ClusterKeyB247D7DD"),
                                                                                            Map.of(
                                                                                                    "Fn::GetAtt",
                                                                                                    List.of(
                                                                                                            "ClusterKeyB247D7DD",
                                                                                                            "Arn"))))),
                                                                    Map.of(
                                                                            "resources",
                                                                            Map.of(
                                                                                    "ARN",
                                                                                    List.of(
                                                                                            Map.of(
                                                                                                    "Fn::GetAtt",
                                                                                                    List.of(
                                                                                                            "ClusterKeyB247D7DD",
                                                                                                            "Arn")))))))),
                            "Targets",
                            List.of(Match.objectLike(Map.of(
                                    "Arn", Map.of("Ref", Match.stringLikeRegexp("ClusterAlertTopic")),
                                    "InputTransformer",
                                            Match.objectLike(Map.of(
                                                    "InputTemplate", Match.stringLikeRegexp("cannot start"))))))));
        }

        @Test
        void encryptsTheAlertTopicWithItsOwnKeyNotTheClusterKey() {
            template.hasResourceProperties(
                    "AWS::SNS::Topic",
                    Map.of(
                            "KmsMasterKeyId",
                            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ClusterAlertTopicKey"), "Arn"))));
            template.resourceCountIs("AWS::KMS::Key", 2);
        }

        @Test
        void deniesNonTlsAccessToTheAlertTopic() {
            TlsOnly.assertDenied(template, "AWS::SNS::TopicPolicy");
        }

        @Test
        void exposesClusterKeyTopicAndRule() {
            assertThat(cluster.getKey()).isInstanceOf(Key.class);
            assertThat(cluster.getCluster()).isNotNull();
            assertThat(cluster.getAlertTopic()).isNotNull();
            assertThat(cluster.getKeyStateRule()).isNotNull();
            assertThat(cluster.getVpc()).isNotNull();
        }
    }

    @Nested
    class Ids {
        @Test
        void keyLogicalIdIsStable() {
            Stack stack = TestApps.stack();
            cluster(stack).build();
            assertThat(Template.fromStack(stack)
                            .findResources(
                                    "AWS::KMS::Key",
                                    Map.of(
                                            "DeletionPolicy",
                                            "Retain",
                                            "Properties",
                                            Map.of("Description", Match.stringLikeRegexp("ephemeral")))))
                    .containsOnlyKeys("ClusterKeyB247D7DD");
        }
    }

    @Nested
    class Options {
        @Test
        void usesAGivenKeyAndAddsTheStatementsToItsPolicy() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "MyKey").enableKeyRotation(true).build();
            cluster(stack).ephemeralStorageKey(key).build();
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::KMS::Key", 2);
            t.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of(
                            "Configuration",
                            Map.of(
                                    "ManagedStorageConfiguration",
                                    Map.of(
                                            "FargateEphemeralStorageKmsKeyId",
                                            Map.of("Ref", Match.stringLikeRegexp("MyKey"))))));
            t.hasResourceProperties(
                    "AWS::KMS::Key",
                    Map.of(
                            "Description",
                            Match.absent(),
                            "KeyPolicy",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(
                                            Match.objectLike(Map.of("Sid", "AllowFargateDecryptGrantForCluster")))))));
        }

        @Test
        void acceptsAnImportedKeyWhenItsPolicyIsManagedExternally() {
            Stack stack = TestApps.stack();
            EncryptedCluster c = cluster(stack)
                    .ephemeralStorageKey(Key.fromKeyArn(
                            stack,
                            "Imported",
                            "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                    .keyPolicyManagedExternally(true)
                    .build();
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::KMS::Key", 1); // only the alert topic's key
            t.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of(
                            "Configuration",
                            Map.of(
                                    "ManagedStorageConfiguration",
                                    Map.of(
                                            "FargateEphemeralStorageKmsKeyId",
                                            "1234abcd-12ab-34cd-56ef-1234567890ab"))));
            assertThat(c.getKey().getKeyId()).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
        }

        @Test
        void usesTheGivenNameAndDeployerInTheKeyPolicy() {
            Stack stack = TestApps.stack();
            cluster(stack)
                    .clusterName("payments")
                    .clusterDeployer(new ArnPrincipal("arn:aws:iam::111111111111:role/deployer"))
                    .containerInsights(ContainerInsights.ENHANCED)
                    .build();
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of(
                            "ClusterName",
                            "payments",
                            "ClusterSettings",
                            List.of(Map.of("Name", "containerInsights", "Value", "enhanced"))));
            t.hasResourceProperties(
                    "AWS::KMS::Key",
                    Map.of(
                            "KeyPolicy",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(
                                            Match.objectLike(Map.of(
                                                    "Sid",
                                                    "AllowFargateGenerateDataKeyForCluster",
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals",
                                                            Map.of(
                                                                    "kms:EncryptionContext:aws:ecs:clusterAccount",
                                                                            List.of("111111111111"),
                                                                    "kms:EncryptionContext:aws:ecs:clusterName",
                                                                            List.of("payments"))))),
                                            Match.objectLike(Map.of(
                                                    "Sid",
                                                    "AllowClusterDeployerDescribeKey",
                                                    "Principal",
                                                    Map.of("AWS", "arn:aws:iam::111111111111:role/deployer"))))))));
        }

        @Test
        void sendsAlertsToAGivenTopicAndCreatesNoTopic() {
            Stack stack = TestApps.stack();
            Topic topic = Topic.Builder.create(stack, "Ops").build();
            cluster(stack).alertTopic(topic).build();
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::SNS::Topic", 1);
            t.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "Targets",
                            List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", Match.stringLikeRegexp("^Ops")))))));
        }

        @Test
        void subscribesAlertEmails() {
            Stack stack = TestApps.stack();
            cluster(stack).alertEmails(List.of("ops@example.com")).build();
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
        }

        @Test
        void createsNoRuleOrTopicWithoutKeyStateAlerts() {
            Stack stack = TestApps.stack();
            EncryptedCluster c = cluster(stack).keyStateAlerts(false).build();
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::Events::Rule", 0);
            t.resourceCountIs("AWS::SNS::Topic", 0);
            assertThat(c.getAlertTopic()).isNull();
        }
    }

    @Nested
    class Guardrails {
        @Test
        void requireThisKeyAllowsClusterChangesOnlyWithTheKey() {
            Stack stack = TestApps.stack();
            EncryptedCluster c = cluster(stack).build();
            Object doc = stack.resolve(c.requireThisKeyGuardrail());
            assertThat(doc.toString())
                    .contains("Allow")
                    .contains("ecs:CreateCluster")
                    .contains("ecs:UpdateCluster")
                    .contains("ecs:fargate-ephemeral-storage-kms-key")
                    .contains("StringEquals")
                    .contains("ClusterKeyB247D7DD");
        }

        @Test
        void denyWithoutKeyDeniesWhenTheConditionKeyIsAbsent() {
            Stack stack = TestApps.stack();
            @SuppressWarnings("unchecked")
            Map<String, Object> doc =
                    (Map<String, Object>) stack.resolve(EncryptedCluster.denyClustersWithoutKeyGuardrail());
            assertThat(doc.get("Statement"))
                    .isEqualTo(List.of(Map.of(
                            "Sid", "DenyClustersWithoutEphemeralStorageKey",
                            "Effect", "Deny",
                            "Action", List.of("ecs:CreateCluster", "ecs:UpdateCluster"),
                            "Resource", "*",
                            "Condition", Map.of("Null", Map.of("ecs:fargate-ephemeral-storage-kms-key", "true")))));
        }

        @Test
        void fargateKeyPolicyListsTheThreeStatementsForExternallyManagedKeys() {
            Stack stack = TestApps.stack();
            Object doc = stack.resolve(EncryptedCluster.fargateKeyPolicy(
                    "222222222222", "orders", new ArnPrincipal("arn:aws:iam::222222222222:role/deployer")));
            assertThat(doc.toString())
                    .contains(
                            "kms:GenerateDataKeyWithoutPlaintext",
                            "kms:CreateGrant",
                            "kms:DescribeKey",
                            "222222222222",
                            "orders",
                            "Decrypt");
        }
    }

    /** A bare key id resolves in the caller's account; CloudTrail records key events in the key owner's account. */
    @Nested
    class KeyInAnotherAccount {
        private static final String FOREIGN =
                "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        @Test
        void rendersTheKeyArnAndLeavesTheKeyStateAlertToTheKeysAccount() {
            Stack stack = TestApps.stack();
            EncryptedCluster c = cluster(stack)
                    .ephemeralStorageKey(Key.fromKeyArn(stack, "Shared", FOREIGN))
                    .keyPolicyManagedExternally(true)
                    .build();
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of(
                            "Configuration",
                            Map.of("ManagedStorageConfiguration", Map.of("FargateEphemeralStorageKmsKeyId", FOREIGN))));
            t.resourceCountIs("AWS::Events::Rule", 0);
            t.resourceCountIs("AWS::SNS::Topic", 0);
            assertThat(c.getKeyStateRule()).isNull();
            Annotations.fromStack(stack)
                    .hasWarning(
                            "/TestStack/Cluster",
                            Match.stringLikeRegexp(
                                    ".*key is in account 999999999999.*Create a KeyStateAlert in a stack of account 999999999999.*"));
        }

        @Test
        void failsWhenKeyStateAlertsAreAskedForHere() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .ephemeralStorageKey(Key.fromKeyArn(stack, "Shared", FOREIGN))
                            .keyPolicyManagedExternally(true)
                            .alertEmails(List.of("ops@example.com"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Cluster: keyStateAlerts cannot be created in this account: the "
                            + "key is in account 999999999999")
                    .hasMessageContaining("KeyStateAlert");
        }

        @Test
        void keyStateAlertWatchesTheKeyInItsOwnAccount() {
            Stack keyStack = new Stack(
                    TestApps.app(),
                    "KeyStack",
                    StackProps.builder()
                            .env(Environment.builder()
                                    .account("999999999999")
                                    .region("eu-west-1")
                                    .build())
                            .build());
            Key key = Key.Builder.create(keyStack, "Shared").build();
            KeyStateAlert alert = KeyStateAlert.Builder.create(keyStack, "Alert")
                    .key(key)
                    .clusterName("payments")
                    .alertEmails(List.of("ops@example.com"))
                    .build();
            Template t = Template.fromStack(keyStack);
            t.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "Description", Match.stringLikeRegexp(".*ECS cluster payments.*"),
                            "EventPattern",
                                    Match.objectLike(Map.of(
                                            "source",
                                            List.of("aws.kms"),
                                            "detail",
                                            Match.objectLike(Map.of(
                                                    "eventName", List.of("DisableKey", "ScheduleKeyDeletion")))))));
            t.resourceCountIs("AWS::SNS::Subscription", 1);
            assertThat(alert.getRule()).isNotNull();
            assertThatThrownBy(() -> KeyStateAlert.Builder.create(keyStack, "NoKey")
                            .clusterName("x")
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("KeyStack/NoKey: key is required");
            assertThatThrownBy(() -> KeyStateAlert.Builder.create(keyStack, "NoClusterName")
                            .key(key)
                            .alertEmails(List.of("ops@example.com"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("KeyStack/NoClusterName: clusterName is required");
        }

        @Test
        void aKeyOfTheSameAccountKeepsItsBareId() {
            Stack stack = TestApps.stack();
            cluster(stack)
                    .ephemeralStorageKey(Key.fromKeyArn(
                            stack,
                            "Own",
                            "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                    .keyPolicyManagedExternally(true)
                    .build();
            Template.fromStack(stack).resourceCountIs("AWS::Events::Rule", 1);
        }
    }

    @Nested
    class Validation {
        @Test
        void failsForAnAlias() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "K").build();
            Alias alias = Alias.Builder.create(stack, "A")
                    .aliasName("alias/ephemeral")
                    .targetKey(key)
                    .build();
            assertThatThrownBy(() -> cluster(stack).ephemeralStorageKey(alias).build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "TestStack/Cluster: ephemeralStorageKey must be a key referenced by id or ARN")
                    .hasMessageContaining("TestStack/A");
        }

        @Test
        void failsForAnImportedAlias() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .ephemeralStorageKey(Alias.fromAliasName(stack, "A", "alias/shared"))
                            .keyPolicyManagedExternally(true)
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("ephemeralStorageKey")
                    .hasMessageContaining("alias");
        }

        @Test
        void failsForAnAliasArn() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .ephemeralStorageKey(
                                    Key.fromKeyArn(stack, "A", "arn:aws:kms:eu-west-1:111111111111:alias/shared"))
                            .keyPolicyManagedExternally(true)
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("ephemeralStorageKey")
                    .hasMessageContaining("alias");
        }

        @Test
        void failsForAMultiRegionKeyDefinedInTheApp() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "K").multiRegion(true).build();
            assertThatThrownBy(() -> cluster(stack).ephemeralStorageKey(key).build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "ephemeralStorageKey must be a single-Region key, got a key with " + "multiRegion: true");
        }

        @Test
        void failsForAnImportedMultiRegionKey() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .ephemeralStorageKey(Key.fromKeyArn(
                                    stack,
                                    "K",
                                    "arn:aws:kms:eu-west-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab"))
                            .keyPolicyManagedExternally(true)
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("single-Region key, got the multi-Region key mrk-");
        }

        @Test
        void failsForAnAsymmetricKey() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "K")
                    .keySpec(software.amazon.awscdk.services.kms.KeySpec.RSA_2048)
                    .keyUsage(software.amazon.awscdk.services.kms.KeyUsage.SIGN_VERIFY)
                    .build();
            assertThatThrownBy(() -> cluster(stack).ephemeralStorageKey(key).build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Cluster: ephemeralStorageKey must be a symmetric encryption key "
                            + "(KeySpec.SYMMETRIC_DEFAULT), got TestStack/K with key spec RSA_2048");
        }

        @Test
        void failsForAnImportedKeyWithoutTheExplicitChoice() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .ephemeralStorageKey(Key.fromKeyArn(
                                    stack,
                                    "K",
                                    "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Cluster: ephemeralStorageKey is an imported key")
                    .hasMessageContaining("keyPolicyManagedExternally(true)");
        }

        @Test
        void failsWhenPolicyIsSaidToBeExternalForAKeyOfThisApp() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "K").build();
            assertThatThrownBy(() -> cluster(stack)
                            .ephemeralStorageKey(key)
                            .keyPolicyManagedExternally(true)
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("keyPolicyManagedExternally is true, but ephemeralStorageKey");
        }

        @Test
        void failsWhenPolicyIsSaidToBeExternalWithoutAKey() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() ->
                            cluster(stack).keyPolicyManagedExternally(true).build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("keyPolicyManagedExternally applies only to an imported");
        }

        @Test
        void failsForAnInvalidClusterName() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack).clusterName("bad name!").build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "clusterName must be 1-255 letters, digits, hyphens or underscores, " + "got 'bad name!'");
        }

        @Test
        void failsForAClusterNameThatIsAToken() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .clusterName(Token.asString(Map.of("Ref", "Name")))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("clusterName must be known at synth time");
        }

        @Test
        void failsForAnInvalidEmail() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> cluster(stack)
                            .alertEmails(List.of("ops.example.com"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("alertEmails must contain e-mail addresses of the form name@example.com, "
                            + "got 'ops.example.com'");
        }

        @Test
        void failsForEmailsWithAGivenTopic() {
            Stack stack = TestApps.stack();
            Topic topic = Topic.Builder.create(stack, "T").build();
            assertThatThrownBy(() -> cluster(stack)
                            .alertTopic(topic)
                            .alertEmails(List.of("a@example.com"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("alertEmails cannot be combined with alertTopic");
        }

        @Test
        void failsWithoutAVpc() {
            assertThatThrownBy(() -> EncryptedClusterProps.builder().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vpc is required");
        }

        @Test
        void acceptsAKeyIdThatIsAToken() {
            Stack stack =
                    new Stack(TestApps.app(), "Agnostic", StackProps.builder().build());
            Key key = Key.Builder.create(stack, "K").build();
            EncryptedCluster c = EncryptedCluster.Builder.create(stack, "Cluster")
                    .vpc(vpc(stack))
                    .ephemeralStorageKey(key)
                    .build();
            assertThat(Token.isUnresolved(c.getKey().getKeyId())).isTrue();
            Template.fromStack(stack).resourceCountIs("AWS::ECS::Cluster", 1);
        }
    }
}
