package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.constructs.Construct;

class FargateTest {
    private final Construct scope = new Construct(new App(), "Scope");

    @ParameterizedTest
    @CsvSource({
        "256,512",
        "256,2048",
        "512,1024",
        "512,4096",
        "1024,8192",
        "2048,16384",
        "4096,30720",
        "8192,16384",
        "8192,61440",
        "16384,32768",
        "16384,122880"
    })
    void acceptsTheEdgesOfEveryFargateSize(final int cpu, final int memory) {
        assertThatCode(() -> Fargate.validateSize(scope, cpu, memory)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({
        "256,3072",
        "512,512",
        "512,5120",
        "1024,9216",
        "2048,3072",
        "4096,31744",
        "8192,20000",
        "8192,65536",
        "16384,36864",
        "16384,131072"
    })
    void rejectsMemoryOutsideTheTable(final int cpu, final int memory) {
        assertThatThrownBy(() -> Fargate.validateSize(scope, cpu, memory))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Scope: memoryLimitMiB must be one of")
                .hasMessageContaining("for cpu " + cpu + ", got " + memory);
    }

    @Test
    void coversTheSevenFargateCpuSizes() {
        assertThat(Fargate.MEMORY_BY_CPU.keySet()).containsExactly(256, 512, 1024, 2048, 4096, 8192, 16384);
        assertThat(Fargate.MEMORY_BY_CPU.get(8192)).hasSize(12).contains(16384, 20480, 61440);
    }

    @Test
    void namesPlatformVersionsAsFargateDoes() {
        assertThat(Fargate.versionString(FargatePlatformVersion.VERSION1_4)).isEqualTo("1.4.0");
        assertThat(Fargate.versionString(FargatePlatformVersion.LATEST)).isEqualTo("LATEST");
        assertThat(Fargate.isAtLeast14("1.3.0")).isFalse();
        assertThat(Fargate.isAtLeast14("1.4.0")).isTrue();
        assertThat(Fargate.isAtLeast14("2.0.0")).isTrue();
        assertThatCode(() ->
                        Fargate.validatePlatformVersion(scope, "platformVersion", FargatePlatformVersion.VERSION1_4))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        Fargate.validatePlatformVersion(scope, "platformVersion", FargatePlatformVersion.VERSION1_0))
                .hasMessage(
                        "Scope: platformVersion must be LATEST or 1.4.0 or "
                                + "later (needed for encrypted ephemeral storage, EFS and GuardDuty Runtime Monitoring), got 1.0.0");
    }

    @Test
    void nagSuppressionsNeedAReasonAndAccumulate() {
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(new App(), "S");
        software.amazon.awscdk.services.sns.Topic topic = new software.amazon.awscdk.services.sns.Topic(stack, "T");
        Nag.suppress(topic, "first reason that is long enough", null, "Rule-1");
        Nag.suppress(topic, "second reason that is long enough", List.of("Resource::*", "/^Action::s3:.*$/"), "Rule-2");
        Object md = ((software.amazon.awscdk.CfnResource) topic.getNode().getDefaultChild()).getMetadata("cdk_nag");
        assertThat(md)
                .isEqualTo(Map.of(
                        "rules_to_suppress",
                        List.of(
                                Map.of("id", "Rule-1", "reason", "first reason that is long enough"),
                                Map.of(
                                        "id",
                                        "Rule-2",
                                        "reason",
                                        "second reason that is long enough",
                                        "applies_to",
                                        List.of("Resource::*", Map.of("regex", "/^Action::s3:.*$/"))))));
        assertThatThrownBy(() -> Nag.suppress(topic, "short", null, "Rule-3"))
                .hasMessageContaining("needs a specific reason");
    }
}
