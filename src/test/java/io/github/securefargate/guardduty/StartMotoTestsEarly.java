package io.github.securefargate.guardduty;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the pytest suite of {@link HandlersAgainstMotoTest} as soon as a test plan that contains it starts, so that
 * the Python process runs beside the rest of the suite instead of after it. Registered through {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}; a plan without that class starts nothing.
 */
public final class StartMotoTestsEarly implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(final TestPlan plan) {
        if (contains(plan, plan.getRoots())) {
            HandlersAgainstMotoTest.startInBackground();
        }
    }

    private static boolean contains(final TestPlan plan, final Iterable<TestIdentifier> identifiers) {
        for (TestIdentifier id : identifiers) {
            boolean match = id.getSource()
                    .filter(s -> s instanceof ClassSource
                            && ((ClassSource) s).getClassName().equals(HandlersAgainstMotoTest.class.getName()))
                    .isPresent();
            if (match || contains(plan, plan.getChildren(id))) {
                return true;
            }
        }
        return false;
    }
}
