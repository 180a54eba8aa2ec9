package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.testing.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.IResolvable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The Java-side token test and resolution give the bridge's answers ({@code Token.isUnresolved},
 * {@code Stack.resolve}) for every kind of value.
 */
class TokensTest {

    /** Tokens of every kind and literals that look like them, for both tests. */
    private static List<Object> values(final Stack stack) {
        CfnParameter number =
                CfnParameter.Builder.create(stack, "N").type("Number").build();
        CfnParameter text = CfnParameter.Builder.create(stack, "S").build();
        CfnParameter list = CfnParameter.Builder.create(stack, "L")
                .type("CommaDelimitedList")
                .build();
        Bucket bucket = new Bucket(stack, "B");
        IResolvable resolvable = Lazy.any(() -> "x");
        List<Object> values = new ArrayList<>(List.of(
                number.getValueAsNumber(),
                text.getValueAsString(),
                list.getValueAsList(),
                Aws.ACCOUNT_ID,
                Aws.REGION,
                Aws.PARTITION,
                Aws.STACK_ID,
                bucket.getBucketName(),
                bucket.getBucketArn(),
                "arn:" + Aws.PARTITION + ":s3:::x",
                Fn.join("-", List.of("a", Aws.REGION)),
                Token.asNumber(Lazy.number(() -> 3)),
                Token.asString(resolvable),
                Token.asList(resolvable),
                Lazy.string(() -> "lazy"),
                Lazy.number(() -> 1),
                resolvable,
                Duration.seconds(number.getValueAsNumber()),
                Duration.seconds(30),
                "plain",
                "",
                "Token[not really]",
                "${Token[]}",
                "${Token[a b]}",
                "#{Token[X.1]}",
                "${Token[X.1]} tail",
                "-1.8881545897087626e+289",
                "x Token[ -1.8881545897087626e+289",
                0,
                1,
                -1,
                8080,
                65535L,
                2.5,
                -1.8881545897087626e+289,
                Double.NaN,
                Double.MAX_VALUE,
                1.0f,
                List.of(),
                List.of("a"),
                List.of("a", "b"),
                List.of("#{Token[X.1]}", "b"),
                List.of(1),
                Map.of("k", "v"),
                Boolean.TRUE,
                Boolean.FALSE,
                "512",
                "${AWS::Region}",
                "{\"Ref\":\"X\"}",
                "Token",
                "1e+28"));
        return values;
    }

    @Test
    void agreesWithTokenIsUnresolvedOnTokensAndLiterals() {
        List<Object> values = values(TestApps.stack());
        for (Object value : values) {
            assertThat(Tokens.isUnresolved(value))
                    .as("Tokens.isUnresolved(%s)", value)
                    .isEqualTo(Token.isUnresolved(value));
        }
        assertThat(values.stream().filter(Tokens::isUnresolved).count()).isGreaterThanOrEqualTo(18);
        assertThat(Tokens.isUnresolved(null)).isFalse();
    }

    /** Tokens.resolve answers what Stack.resolve answers, or fails where it fails, for the same values. */
    @Test
    void resolvesAsStackResolveDoes() {
        Stack stack = TestApps.stack();
        List<Object> values = values(stack);
        values.add(null);
        for (Object value : values) {
            assertThat(outcome(() -> Tokens.resolve(stack, value)))
                    .as("Tokens.resolve(%s)", value)
                    .isEqualTo(outcome(() -> stack.resolve(value)));
        }
    }

    /** @return the value, or the first line of the exception's message */
    private static Object outcome(final Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return "fails: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
    }
}
