package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.testing.TestApps;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;

/** The shared rules, value by value: each bad value fails with path, prop, allowed and given; its neighbours pass. */
class RulesTest {
    private static final Stack SCOPE = TestApps.stack();

    private static void rejects(final BiConsumer<Stack, String> rule, final String value, final String allowed) {
        assertThatThrownBy(() -> rule.accept(SCOPE, value))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("TestStack: prop must ")
                .hasMessageContaining(allowed)
                .hasMessageContaining("got '" + value + "'");
    }

    private static void accepts(final BiConsumer<Stack, String> rule, final String value) {
        assertThatCode(() -> rule.accept(SCOPE, value)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", " 123456789012", ""})
    void rejectsAccountsThatAreNotTwelveDigits(final String account) {
        rejects((s, v) -> Rules.account(s, "prop", v), account, "a 12-digit AWS account id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012", "000000000000"})
    void acceptsTwelveDigitAccounts(final String account) {
        accepts((s, v) -> Rules.account(s, "prop", v), account);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "EU-WEST-1",
                "Eu-west-1",
                "eu_west_1",
                "eu-west",
                "euwest1",
                "eu-west-1a",
                "e-west-1",
                "europe-west-1",
                "eu-west-100"
            })
    void rejectsRegionsThatAreNotOfTheDocumentedForm(final String region) {
        rejects((s, v) -> Rules.region(s, "prop", v), region, "a Region name such as eu-west-1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "eu-west-1",
                "us-gov-west-1",
                "us-iso-east-1",
                "us-isob-east-1",
                "cn-northwest-1",
                "ap-southeast-5",
                "eusc-de-east-1",
                "il-central-1",
                "ap-east-2"
            })
    void acceptsDocumentedRegions(final String region) {
        accepts((s, v) -> Rules.region(s, "prop", v), region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_stage", "1uat", "-uat", "Prod.1", "Prod 1", ""})
    void rejectsStageNamesThatCannotPrefixAStackName(final String name) {
        rejects((s, v) -> Rules.stageName(s, "prop", v), name, "letters, digits or '-', starting with a letter");
    }

    @Test
    void limitsStageNamesTo64Characters() {
        accepts((s, v) -> Rules.stageName(s, "prop", v), "P" + "a".repeat(63));
        rejects((s, v) -> Rules.stageName(s, "prop", v), "P" + "a".repeat(64), "1-64");
        accepts((s, v) -> Rules.stageName(s, "prop", v), "P-1");
    }

    @Test
    void checksPipelineNames() {
        accepts((s, v) -> Rules.pipelineName(s, "prop", v), "a.b@c-d_E1");
        accepts((s, v) -> Rules.pipelineName(s, "prop", v), "p".repeat(100));
        rejects((s, v) -> Rules.pipelineName(s, "prop", v), "p".repeat(101), "1-100");
        rejects((s, v) -> Rules.pipelineName(s, "prop", v), "my pipeline", "(no spaces)");
        rejects((s, v) -> Rules.pipelineName(s, "prop", v), "pipe/line", "letters, digits");
    }

    @Test
    void checksContainerNames() {
        accepts((s, v) -> Rules.containerName(s, "prop", v), "a".repeat(255));
        accepts((s, v) -> Rules.containerName(s, "prop", v), "web_app-1");
        rejects((s, v) -> Rules.containerName(s, "prop", v), "a".repeat(256), "1-255");
        rejects((s, v) -> Rules.containerName(s, "prop", v), "web:app", "letters, digits, '-' or '_'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.0/33",
                "10.0.0.256/24",
                "256.0.0.0/8",
                "10.0.0/16",
                "10.0.0.0",
                "10.0.0.0/-1",
                "::/0",
                "10.0.0.0/99"
            })
    void rejectsMalformedIpv4Cidrs(final String cidr) {
        rejects((s, v) -> Rules.ipv4Cidr(s, "prop", v), cidr, "each octet is 0-255, the mask 0-32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "255.255.255.255/32", "10.0.0.0/8", "192.168.1.0/24"})
    void acceptsIpv4Cidrs(final String cidr) {
        accepts((s, v) -> Rules.ipv4Cidr(s, "prop", v), cidr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.0.0", "2.1000.0", "2.1133.9", "1.200.0", "latest", "^2.1148.1", "2.x"})
    void rejectsCliVersionsThatCannotReadTheCloudAssembly(final String version) {
        rejects((s, v) -> Rules.cliVersion(s, "prop", v), version, "2.1134.0 or later");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.1134.0", "2.1148.1", "2.2000.0", "2.1148.1-rc.0"})
    void acceptsCliVersionsOfTheSupportedMajor(final String version) {
        accepts((s, v) -> Rules.cliVersion(s, "prop", v), version);
    }

    @Test
    void passesTokens() {
        String token = Token.asString(java.util.Map.of("Ref", "P"));
        for (BiConsumer<Stack, String> rule : java.util.List.<BiConsumer<Stack, String>>of(
                (s, v) -> Rules.account(s, "prop", v),
                (s, v) -> Rules.region(s, "prop", v),
                (s, v) -> Rules.stageName(s, "prop", v),
                (s, v) -> Rules.pipelineName(s, "prop", v),
                (s, v) -> Rules.containerName(s, "prop", v),
                (s, v) -> Rules.ipv4Cidr(s, "prop", v),
                (s, v) -> Rules.cliVersion(s, "prop", v),
                (s, v) -> Rules.healthCheckPath(s, "prop", v),
                (s, v) -> Rules.topicDisplayName(s, "prop", v))) {
            accepts(rule, token);
        }
        Number number = Token.asNumber(java.util.Map.of("Ref", "N"));
        assertThatCode(() -> Check.wholeBetween(SCOPE, "prop", number, 1, 2)).doesNotThrowAnyException();
        assertThatCode(() -> Check.secondsBetween(SCOPE, "prop", Duration.seconds(number), 1, 2))
                .doesNotThrowAnyException();
        assertThatCode(() -> Check.minutesBetween(SCOPE, "prop", Duration.minutes(number), 1, 2))
                .doesNotThrowAnyException();
    }

    @Test
    void requiresATokenDurationInTheUnitCloudFormationTakes() {
        Number number = Token.asNumber(java.util.Map.of("Ref", "N"));
        assertThatThrownBy(() -> Check.secondsBetween(SCOPE, "prop", Duration.minutes(number), 1, 2))
                .isInstanceOf(ValidationException.class)
                .hasMessage("TestStack: prop is a token, so it must be built with Duration.seconds(token) "
                        + "(aws-cdk-lib renders it in seconds and cannot convert a token from another unit), got a "
                        + "token Duration in another unit");
        assertThatThrownBy(() -> Check.minutesBetween(SCOPE, "prop", Duration.seconds(number), 1, 2))
                .hasMessageContaining("must be built with Duration.minutes(token)");
    }

    @Test
    void requiresWholeNumbersAndWholeDurations() {
        assertThatThrownBy(() -> Check.wholeBetween(SCOPE, "prop", 1.5, 1, 2))
                .hasMessage("TestStack: prop must be a whole number between 1 and 2, got 1.5");
        assertThatCode(() -> Check.wholeBetween(SCOPE, "prop", 2.0, 1, 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Check.secondsBetween(SCOPE, "prop", Duration.millis(1500), 0, 10))
                .hasMessage("TestStack: prop must be a whole number of seconds between 0 and 10, got 1 second 500 "
                        + "millis");
        assertThatCode(() -> Check.minutesBetween(SCOPE, "prop", Duration.seconds(120), 1, 2))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Check.minutesBetween(SCOPE, "prop", Duration.seconds(180), 1, 2))
                .hasMessage("TestStack: prop must be between 1 and 2 minutes, got 3 minutes");
    }
}
