package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.testing.TestApps;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * {@link Env} and {@link Shared} answer without the bridge what aws-cdk-lib answers through it: the same ARNs as
 * {@code Stack.formatArn}, the same stack, account and Region as {@code Stack.of}, the same lengths as a duration's
 * own conversions, and the same rendered event fields.
 */
class EnvAndSharedTest {

    @Test
    void arnsAreTheOnesFormatArnBuildsInStacksWithAndWithoutAnEnvironment() {
        for (Stack stack : List.of(TestApps.stack(), new Stack(TestApps.app(), "Agnostic"))) {
            Bucket scope = new Bucket(stack, "Scope");
            assertThat(stack.resolve(Env.arn(scope, "logs", "log-group", ":", "*")))
                    .isEqualTo(stack.resolve(stack.formatArn(ArnComponents.builder()
                            .service("logs")
                            .resource("log-group")
                            .resourceName("*")
                            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                            .build())));
            assertThat(stack.resolve(Env.arn(scope, "cloudformation", "stack", "/", "name/*")))
                    .isEqualTo(stack.resolve(stack.formatArn(ArnComponents.builder()
                            .service("cloudformation")
                            .resource("stack")
                            .resourceName("name/*")
                            .build())));
            assertThat(stack.resolve(Env.roleArn(scope, "123456789012", "r")))
                    .isEqualTo(stack.resolve(stack.formatArn(ArnComponents.builder()
                            .service("iam")
                            .region("")
                            .account("123456789012")
                            .resource("role")
                            .resourceName("r")
                            .build())));
            assertThat(stack.resolve(Env.arn(scope, "sns", "eu-west-1", "*", "topic", "/", null)))
                    .isEqualTo(stack.resolve(stack.formatArn(ArnComponents.builder()
                            .service("sns")
                            .region("eu-west-1")
                            .account("*")
                            .resource("topic")
                            .build())));
            assertThat(Env.stack(scope)).isSameAs(Stack.of(scope));
            assertThat(Env.stack(stack)).isSameAs(stack);
            assertThat(Env.account(scope)).isEqualTo(stack.getAccount());
            assertThat(Env.region(scope)).isEqualTo(stack.getRegion());
            assertThat(Env.partition(scope)).isEqualTo(stack.getPartition());
        }
    }

    @Test
    void sharedDurationsKnowTheirLengthAndOthersAreAskedAcrossTheBridge() {
        assertThat(Shared.days(30)).isSameAs(Shared.days(30));
        assertThat(Shared.toSeconds(Shared.days(30)))
                .isEqualTo(Duration.days(30).toSeconds().doubleValue());
        assertThat(Shared.toSeconds(Shared.minutes(5))).isEqualTo(300);
        assertThat(Shared.knownSeconds(Shared.seconds(7))).isEqualTo(7L);
        assertThat(Shared.isUnresolved(Shared.seconds(7))).isFalse();

        Duration user = Duration.minutes(3);
        assertThat(Shared.knownSeconds(user)).isNull();
        assertThat(Shared.toSeconds(user)).isEqualTo(180);
        Duration token = Duration.seconds(Lazy.number(() -> 5));
        assertThat(Shared.isUnresolved(token)).isTrue();
        assertThat(Shared.knownSeconds(Shared.minutes(2))).isEqualTo(120L);
        assertThat(Shared.knownSeconds(Shared.days(1))).isEqualTo(86400L);
    }

    @Test
    void aSharedEventFieldRendersInEveryStackAsItsPath() {
        Stack one = TestApps.stack();
        Stack two = new Stack(TestApps.app(), "Other");
        String field = Shared.eventField("$.detail.id");
        assertThat(Shared.eventField("$.detail.id")).isSameAs(field);
        assertThat(one.resolve(field)).isEqualTo(one.resolve(EventField.fromPath("$.detail.id")));
        assertThat(two.resolve(field)).isEqualTo("$.detail.id");
    }
}
