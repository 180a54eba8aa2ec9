package io.github.securefargate.examples;

import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;

/**
 * Counts the jsii round trips of each library construct, for {@code scripts/benchmark.sh}. Run with
 * {@code JSII_DEBUG=1}: the jsii kernel then logs every request on stderr, and this app writes a marker request
 * ({@code Token.isUnresolved("@@segment:<name>")}) before each construct, so that {@code scripts/jsii_calls.py} can
 * attribute every request to the construct that made it and divide by the resources that construct created (from the
 * {@code aws:cdk:path} of each resource). The stacks are those of figure 1: the example's {@link ServiceStack} and the
 * plain aws-cdk-lib {@link BenchmarkApp.PlainStack} (VPC, cluster, ApplicationLoadBalancedFargateService), each telling
 * this app where its parts begin. Segment names are {@code <stack>/<construct id>[+<construct id>...]}.
 */
public final class JsiiCallsBenchmark {
    private JsiiCallsBenchmark() {}

    private static String current = "start";
    private static long started = System.nanoTime();

    /** Marks the start of a segment; with {@code -Dbenchmark.times=true} also prints the last segment's wall time. */
    private static void segment(final String name) {
        if (Boolean.getBoolean("benchmark.times")) {
            System.out.printf("%-32s %8.1f ms%n", current, (System.nanoTime() - started) / 1e6);
            current = name;
            started = System.nanoTime();
        }
        Token.isUnresolved("@@segment:" + name);
    }

    /** Entry point. */
    public static void main(final String[] args) {
        // With the context the CLI passes (scripts/benchmark.sh sets CDK_CONTEXT_JSON to cdk.json's and
        // cdk.context.json's), so that these are the stacks of figure 1; path metadata attributes the resources.
        App app = new App(AppProps.builder()
                .context(Map.of("aws:cdk:enable-path-metadata", true))
                .build());
        StackProps props =
                StackProps.builder().env(ExampleEnvironments.service(app)).build();

        // Two copies of each: the first pays one-time costs (jsii loads each class's statics and names once per JVM),
        // the second shows the cost of every further stack.
        for (int copy = 1; copy <= 2; copy++) {
            library(app, "Library" + copy, props);
            plain(app, "Plain" + copy, props);
        }
        segment("synth");
        app.synth();
        segment("end");
    }

    /** The example's service stack ({@link ServiceStack}), each part a segment. */
    private static void library(final App app, final String name, final StackProps props) {
        segment(name + "/Stack");
        new ServiceStack(app, name, props, part -> segment(name + "/" + part));
    }

    /** The plain aws-cdk-lib stack of the benchmark ({@link BenchmarkApp.PlainStack}), each part a segment. */
    private static void plain(final App app, final String name, final StackProps props) {
        segment(name + "/Stack");
        new BenchmarkApp.PlainStack(app, name, props, part -> segment(name + "/" + part));
    }
}
