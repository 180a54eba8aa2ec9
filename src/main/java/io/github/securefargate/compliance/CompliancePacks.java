package io.github.securefargate.compliance;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.ConstructTree;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stage;
import software.constructs.IConstruct;

/**
 * Applies the cdk-nag rule packs this library is held to: AwsSolutions, NIST 800-53 rev 5, HIPAA Security and
 * PCI DSS 3.2.1, with verbose findings. The library's constructs already record, with reasons, the findings that are
 * inherent to their design; anything else that the packs report is yours to fix or acknowledge.
 *
 * <p>Aspects added to an App do <em>not</em> reach the stacks inside a {@link Stage} (every CDK Pipelines stage is
 * one), so {@link #applyTo} adds the packs to the scope and to every Stage nested in it. Call it once, after the app's
 * stacks and stages exist (last line before {@code app.synth()}); calling it again, or for a Stage that already has the
 * packs, adds nothing.
 *
 * <p>cdk-nag is an optional dependency of this library: add {@value #DEPENDENCY} to your build to use this class.
 *
 * <pre>{@code
 * App app = new App();
 * new MyServiceStack(app, "Service", props);
 * CompliancePacks.applyTo(app);
 * app.synth();
 * }</pre>
 */
public final class CompliancePacks {
    /** Context key that turns the packs off ({@code cdk synth -c securefargate:nag=false}). */
    public static final String CONTEXT_KEY = "securefargate:nag";
    /** The Maven dependency that brings cdk-nag, in the version this library is tested with. */
    public static final String DEPENDENCY = "io.github.cdklabs:cdknag:2.37.55";

    private static final String PROBE = "io.github.cdklabs.cdknag.AwsSolutionsChecks";

    private CompliancePacks() {}

    /**
     * Adds the four packs to {@code scope} (an App, a Stage or any construct) and to every Stage below it, unless
     * context {@value #CONTEXT_KEY} is {@code false}.
     *
     * @param scope the App (or Stage) to check
     * @return the scopes that got the packs now (empty when they all had them, or the context turned them off)
     * @throws IllegalStateException when cdk-nag is not on the class path, naming the dependency to add
     */
    public static List<IConstruct> applyTo(final IConstruct scope) {
        List<IConstruct> applied = new ArrayList<>();
        if ("false".equals(String.valueOf(scope.getNode().tryGetContext(CONTEXT_KEY)))) {
            return applied;
        }
        requireOnClassPath(scope, PROBE);
        List<IConstruct> targets = new ArrayList<>();
        targets.add(scope);
        for (IConstruct c : ConstructTree.candidates(scope, Stage.class)) {
            if (c != scope && c instanceof Stage) {
                targets.add(c);
            }
        }
        for (IConstruct target : targets) {
            if (!hasPacks(target)) {
                Packs.addTo(target);
                applied.add(target);
            }
        }
        return applied;
    }

    private static boolean hasPacks(final IConstruct scope) {
        for (IAspect aspect : Aspects.of(scope).getAll()) {
            if (Packs.isPack(aspect)) {
                return true;
            }
        }
        return false;
    }

    /** Fails, naming the dependency to add, when {@code className} (a cdk-nag class) cannot be loaded. */
    static void requireOnClassPath(final IConstruct scope, final String className) {
        try {
            Class.forName(className, false, CompliancePacks.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    Check.where(scope) + ": CompliancePacks needs cdk-nag on the "
                            + "class path, which this library declares as optional. Add the dependency " + DEPENDENCY
                            + " (groupId io.github.cdklabs, artifactId cdknag) to your pom.xml or build.gradle",
                    e);
        }
    }
}
