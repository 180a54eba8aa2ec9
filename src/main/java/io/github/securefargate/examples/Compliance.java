package io.github.securefargate.examples;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stage;
import software.constructs.IConstruct;

/**
 * Applies the cdk-nag rule packs the library is held to: AwsSolutions, NIST 800-53 rev 5, HIPAA Security and
 * PCI DSS 3.2.1. Aspects added to an App do not reach stacks inside a Stage, so call this for the App and for every
 * Stage.
 */
public final class Compliance {
    /** Context key that turns the packs off ({@code -c securefargate:nag=false}). */
    public static final String CONTEXT_KEY = "securefargate:nag";

    private Compliance() {
    }

    /** Adds the four packs to {@code scope} (an App or a Stage) unless context turns them off. */
    public static void applyPacks(final IConstruct scope) {
        if ("false".equals(String.valueOf(scope.getNode().tryGetContext(CONTEXT_KEY)))) {
            return;
        }
        NagPackProps props = NagPackProps.builder().verbose(true).build();
        Aspects.of(scope).add(new AwsSolutionsChecks(props));
        Aspects.of(scope).add(new NIST80053R5Checks(props));
        Aspects.of(scope).add(new HIPAASecurityChecks(props));
        Aspects.of(scope).add(new PCIDSS321Checks(props));
    }

    /** Applies the packs to a Stage. */
    public static void applyPacks(final Stage stage) {
        applyPacks((IConstruct) stage);
    }
}
