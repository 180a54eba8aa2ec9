package io.github.securefargate.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.testing.TestApps;
import io.github.securefargate.testing.TlsOnly;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;

class EncryptedTopicTest {

    @Test
    void encryptsWithARetainedKeyThatCloudWatchAlarmsMayUse() {
        Stack stack = TestApps.stack();
        new EncryptedTopic(stack, "Alerts");
        Template t = Template.fromStack(stack);
        t.hasResource(
                "AWS::KMS::Key",
                Map.of(
                        "DeletionPolicy",
                        "Retain",
                        "Properties",
                        Match.objectLike(Map.of(
                                "EnableKeyRotation",
                                true,
                                "KeyPolicy",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Map.of(
                                                "Sid",
                                                "AllowCloudWatchAlarmsOfThisAccount",
                                                "Effect",
                                                "Allow",
                                                "Principal",
                                                Map.of("Service", "cloudwatch.amazonaws.com"),
                                                "Action",
                                                List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                                                "Resource",
                                                "*",
                                                "Condition",
                                                ALARMS_OF_THIS_ACCOUNT))))))));
        t.hasResourceProperties(
                "AWS::SNS::Topic",
                Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AlertsKey"), "Arn"))));
    }

    @Test
    void deniesRequestsNotMadeOverTls() {
        Stack stack = TestApps.stack();
        new EncryptedTopic(stack, "Alerts");
        TlsOnly.assertDenied(Template.fromStack(stack), "AWS::SNS::TopicPolicy", Map.of("Action", "sns:Publish"));
    }

    /**
     * The TLS-only topic policy replaces SNS's default policy, so without an explicit statement CloudWatch alarms
     * could not publish to the topic at all.
     */
    @Test
    void topicPolicyLetsThisAccountsCloudWatchAlarmsPublish() {
        Stack stack = TestApps.stack();
        new EncryptedTopic(stack, "Alerts");
        Template.fromStack(stack)
                .hasResourceProperties(
                        "AWS::SNS::TopicPolicy",
                        Map.of(
                                "PolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Map.of(
                                                "Sid",
                                                "AllowCloudWatchAlarmsOfThisAccount",
                                                "Effect",
                                                "Allow",
                                                "Principal",
                                                Map.of("Service", "cloudwatch.amazonaws.com"),
                                                "Action",
                                                "sns:Publish",
                                                "Resource",
                                                Map.of("Ref", Match.stringLikeRegexp("Alerts")),
                                                "Condition",
                                                ALARMS_OF_THIS_ACCOUNT))))));
    }

    @Test
    void addsTheCloudWatchStatementToAGivenKeyOfTheApp() {
        Stack stack = TestApps.stack();
        Key key = Key.Builder.create(stack, "Given").build();
        new EncryptedTopic(
                stack, "Alerts", EncryptedTopicProps.builder().key(key).build());
        Template.fromStack(stack)
                .hasResourceProperties(
                        "AWS::KMS::Key",
                        Map.of(
                                "KeyPolicy",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Sid",
                                                "AllowCloudWatchAlarmsOfThisAccount",
                                                "Principal",
                                                Map.of("Service", "cloudwatch.amazonaws.com"))))))));
    }

    @Test
    void warnsThatAnImportedKeyMustLetCloudWatchUseIt() {
        Stack stack = TestApps.stack();
        new EncryptedTopic(
                stack,
                "Alerts",
                EncryptedTopicProps.builder()
                        .key(Key.fromKeyArn(
                                stack,
                                "Imported",
                                "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                        .build());
        Annotations.fromStack(stack)
                .hasWarning(
                        "/TestStack/Alerts",
                        Match.stringLikeRegexp(
                                ".*imported key arn:aws:kms:eu-west-1:111111111111:key/1234abcd.*Allow cloudwatch.amazonaws.com "
                                        + "kms:Decrypt, kms:GenerateDataKey\\* on \\* with aws:SourceAccount = 111111111111.*"));
    }

    private static final Map<String, Object> ALARMS_OF_THIS_ACCOUNT = Map.of(
            "StringEquals", Map.of("aws:SourceAccount", "111111111111"),
            "ArnLike", Map.of("aws:SourceArn", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*"));

    @Test
    void subscribesEmailsAndUsesAGivenKey() {
        Stack stack = TestApps.stack();
        Key key = Key.Builder.create(stack, "Given").build();
        EncryptedTopic topic = new EncryptedTopic(
                stack,
                "Alerts",
                EncryptedTopicProps.builder()
                        .key(key)
                        .alertEmails(List.of("a@example.com"))
                        .build());
        topic.addAlertEmail("b@example.org");
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::KMS::Key", 1);
        t.resourceCountIs("AWS::SNS::Subscription", 2);
        assertThat(topic.getAlertEmails()).containsExactly("a@example.com", "b@example.org");
        assertThat(topic.getKey()).isSameAs(key);
    }

    @Test
    void rejectsAddressesThatAreNotAddresses() {
        Stack stack = TestApps.stack();
        assertThatThrownBy(() -> new EncryptedTopic(
                        stack,
                        "Alerts",
                        EncryptedTopicProps.builder()
                                .alertEmails(List.of("ops@localhost"))
                                .build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("TestStack/Alerts: alertEmails must contain e-mail addresses of the form "
                        + "name@example.com, got 'ops@localhost'");
    }
}
