package io.github.securefargate.examples;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * An app with N copies of the example service stack, for {@code scripts/benchmark.sh}: it measures how synth time grows
 * with the number of service stacks. N comes from context {@code benchmarkStacks} (default 1); the cdk-nag packs run
 * only with {@code -c securefargate:nag=true}.
 */
public final class BenchmarkApp {
    private BenchmarkApp() {
    }

    /** Entry point. */
    public static void main(final String[] args) {
        App app = new App();
        int stacks = Integer.parseInt(ExampleEnvironments.context(app, "benchmarkStacks", "1"));
        for (int i = 1; i <= stacks; i++) {
            new ServiceStack(app, "Bench" + i, StackProps.builder().env(ExampleEnvironments.service(app)).build());
        }
        if ("true".equals(String.valueOf(app.getNode().tryGetContext(Compliance.CONTEXT_KEY)))) {
            Compliance.applyPacks(app);
        }
        app.synth();
    }
}
