package io.github.securefargate.guardduty;

/**
 * How {@link RuntimeMonitoring} treats the account's GuardDuty detector. There is one detector per account and Region.
 */
public enum DetectorSetup {
    /**
     * Create the detector ({@code AWS::GuardDuty::Detector}, retained on delete) with the Runtime Monitoring features.
     * Fails at deploy time if the account already has a detector in the Region.
     */
    CREATE,
    /**
     * Enable the Runtime Monitoring features on the existing detector through the GuardDuty API (a custom resource),
     * and restore the previous settings when the stack is deleted. Fails at deploy time, with a message that says so,
     * if the account has no detector in the Region.
     */
    UPDATE_EXISTING,
    /**
     * Change nothing; fail the deployment if the existing detector does not have Runtime Monitoring enabled (read-only
     * custom resource).
     */
    VERIFY,
    /** Change and check nothing: the detector is managed entirely elsewhere. */
    NONE
}
