package io.github.securefargate.bluegreen;

/** Lifecycle events of a CodeDeploy blue/green deployment to ECS at which a hook function can run, in order. */
public enum LifecycleEvent {
    /** Before the green task set is created. */
    BEFORE_INSTALL("BeforeInstall"),
    /** After the green task set is created and its tasks are running. */
    AFTER_INSTALL("AfterInstall"),
    /** After the test listener serves the green tasks: the place for tests against the test listener. */
    AFTER_ALLOW_TEST_TRAFFIC("AfterAllowTestTraffic"),
    /** Before production traffic shifts to the green tasks. */
    BEFORE_ALLOW_TRAFFIC("BeforeAllowTraffic"),
    /** After production traffic has shifted to the green tasks. */
    AFTER_ALLOW_TRAFFIC("AfterAllowTraffic");

    private final String eventName;

    LifecycleEvent(final String eventName) {
        this.eventName = eventName;
    }

    /** @return the event name as the AppSpec spells it, e.g. {@code AfterAllowTestTraffic} */
    public String getEventName() {
        return eventName;
    }
}
