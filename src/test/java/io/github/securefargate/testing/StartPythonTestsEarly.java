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
 * JUnit tests instead of inside them: the pytest suite of {@link HandlersAgainstMotoTest} (which waits for it) and the
 * moto listener and rule states of {@link ListenerGuardTest} and {@link NativeRoutingGuardTest}. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 *
 * <p>A plan that holds those classes starts them (one JVM, as in an IDE). Surefire's forks are handed one class at a
 * time, each its own plan, so a fork of a whole-suite run ({@link PythonProcess#wholeSuite()}) starts them with its
 * first plan; they are runs of the build ({@link PythonProcess#shared}), so the fork that comes first starts them and
 * the other finds them started. A run that selects tests ({@code -Dtest}) starts only what a plan needs.
 */
public final class StartPythonTestsEarly implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(final TestPlan plan) {
        boolean wholeSuite = PythonProcess.wholeSuite();
        if (wholeSuite || contains(plan, plan.getRoots(), HandlersAgainstMotoTest.class)) {
            HandlersAgainstMotoTest.startInBackground();
        }
        if (wholeSuite
                || contains(plan, plan.getRoots(), ListenerGuardTest.class)
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
