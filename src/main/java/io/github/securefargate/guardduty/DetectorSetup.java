package io.github.securefargate.guardduty;

/**
 * How {@link RuntimeMonitoring} treats the account's GuardDuty detector. There is one detector per account and Region.
 */
public enum DetectorSetup {
    /**
     * Create the detector ({@code AWS::GuardDuty::Detector}, retained on delete) with the Runtime Monitoring features.
     * Fails at deploy time if the account already has a detector in the Region; two monitors of one app that both
     * create it in the same account and Region are rejected at synth time.
     */
    CREATE,
    /**
     * Enable the Runtime Monitoring features on the existing detector through the GuardDuty API (a custom resource).
     * Each stack registers as an owner (SSM parameters under {@link RuntimeMonitoring#OWNER_PARAMETER_PATH}); the
     * detector keeps what any owner needs, and the settings from before the first owner come back when the last owner
     * is deleted. Fails at deploy time, before changing anything, if the account has no detector in the Region or is a
     * GuardDuty member of an organization (only the delegated administrator may change its Runtime Monitoring: use
     * {@link MonitoringMode#MANAGED_ELSEWHERE}).
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
