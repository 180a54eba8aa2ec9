package io.github.securefargate.compliance;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPack;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.constructs.IConstruct;

/**
 * The only class that links cdk-nag's types, loaded only after {@link CompliancePacks} checked that cdk-nag is on the
 * class path.
 */
final class Packs {
    private Packs() {}

    static void addTo(final IConstruct scope) {
        NagPackProps props = NagPackProps.builder().verbose(true).build();
        Aspects.of(scope).add(new AwsSolutionsChecks(props));
        Aspects.of(scope).add(new NIST80053R5Checks(props));
        Aspects.of(scope).add(new HIPAASecurityChecks(props));
        Aspects.of(scope).add(new PCIDSS321Checks(props));
    }

    static boolean isPack(final IAspect aspect) {
        return aspect instanceof NagPack;
    }
}
