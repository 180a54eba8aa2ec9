package io.github.securefargate.testing;

import io.github.securefargate.guardduty.HandlersAgainstMotoTest;
import io.github.securefargate.pipeline.ListenerGuardTest;
import io.github.securefargate.pipeline.NativeRoutingGuardTest;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the Python processes of the suite as soon as a test plan that needs them starts, so that they run beside the
 * JUnit tests instead of inside them: the pytest suite of {@link HandlersAgainstMotoTest} (which runs last and waits
 * for it) and the moto listener and rule states of {@link ListenerGuardTest} and {@link NativeRoutingGuardTest}. Registered through {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}; a plan without those classes starts nothing.
 */
public final class StartPythonTestsEarly implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(final TestPlan plan) {
        if (contains(plan, plan.getRoots(), HandlersAgainstMotoTest.class)) {
            HandlersAgainstMotoTest.startInBackground();
        }
        if (contains(plan, plan.getRoots(), ListenerGuardTest.class)
                || contains(plan, plan.getRoots(), NativeRoutingGuardTest.class)) {
            ListenerGuardTest.startListenerStates();
        }
    }

    private static boolean contains(
            final TestPlan plan, final Iterable<TestIdentifier> identifiers, final Class<?> test) {
        for (TestIdentifier id : identifiers) {
            boolean match = id.getSource()
                    .filter(s -> s instanceof ClassSource
                            && ((ClassSource) s).getClassName().equals(test.getName()))
                    .isPresent();
            if (match || contains(plan, plan.getChildren(id), test)) {
                return true;
            }
        }
        return false;
    }
}
