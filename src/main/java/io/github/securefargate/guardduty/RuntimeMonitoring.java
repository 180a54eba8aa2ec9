package io.github.securefargate.guardduty;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.notifications.EncryptedTopic;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.AspectOptions;
import software.amazon.awscdk.AspectPriority;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.guardduty.CfnDetector;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * GuardDuty Runtime Monitoring for one ECS cluster on Fargate, with every prerequisite met or reported at synth time.
 *
 * <ul>
 *   <li>Switches monitoring on in the chosen {@link MonitoringMode}: tags the cluster {@code GuardDutyManaged} and
 *       creates, updates (through a custom resource that records each stack as an owner and restores the previous
 *       state when the last owner is deleted) or verifies the
 *       detector's {@code RUNTIME_MONITORING} / {@code ECS_FARGATE_AGENT_MANAGEMENT} features
 *       ({@link DetectorSetup}).</li>
 *   <li>Checks every Fargate service of the cluster in this app when it is synthesized: Linux, platform 1.4.0+, a task
 *       execution role, memory left for the agent sidecar, VPC DNS, HTTPS egress; grants each execution role the
 *       agent image pull and forces a new deployment so that running tasks get the agent.</li>
 *   <li>Owns the {@code guardduty-data} interface endpoint (or cleans up the one GuardDuty creates) so that the stack
 *       and its VPC can be deleted.</li>
 *   <li>Notifies an encrypted topic when the cluster's runtime coverage turns unhealthy or healthy, and of findings
 *       and attack sequences about the cluster at or above a severity; optionally contains the affected task by
 *       quarantining its address in the VPC's network ACLs (a Fargate task's own interface cannot be changed).</li>
 * </ul>
 *
 * <pre>{@code
 * RuntimeMonitoring.Builder.create(this, "RuntimeMonitoring")
 *     .cluster(encryptedCluster)
 *     .alertEmails(List.of("security@example.com"))
 *     .build();
 * }</pre>
 */
public class RuntimeMonitoring extends Construct {
    /** Cluster tag that opts a cluster in ({@code true}) or out ({@code false}). */
    public static final String TAG_KEY = "GuardDutyManaged";
    /** Detector feature that turns Runtime Monitoring on. */
    public static final String FEATURE_RUNTIME_MONITORING = "RUNTIME_MONITORING";
    /** Additional configuration of the feature: GuardDuty manages the agent on Fargate (ECS). */
    public static final String FEATURE_FARGATE_AGENT_MANAGEMENT = "ECS_FARGATE_AGENT_MANAGEMENT";
    /** Default lowest notified finding severity (medium). */
    public static final int DEFAULT_MINIMUM_SEVERITY = 4;
    /** Default lowest finding severity that isolates a task (high). */
    public static final int DEFAULT_ISOLATION_MINIMUM_SEVERITY = 7;
    /** Lowest severity a threshold may be set to. */
    public static final double MIN_SEVERITY = 1;
    /** Highest severity a threshold may be set to: GuardDuty severities go up to 10 (critical 9-10). */
    public static final double MAX_SEVERITY = 10;
    /** Event source of GuardDuty events. */
    public static final String EVENT_SOURCE = "aws.guardduty";
    /** Detail type of coverage events when the agent works. */
    public static final String DETAIL_TYPE_HEALTHY = "GuardDuty Runtime Protection Healthy";
    /** Detail type of coverage events when monitoring is broken. */
    public static final String DETAIL_TYPE_UNHEALTHY = "GuardDuty Runtime Protection Unhealthy";
    /** Detail type of finding events. */
    public static final String DETAIL_TYPE_FINDING = "GuardDuty Finding";
    /** Name of the AWS-owned ECR repository of the agent image (its account differs by Region). */
    public static final String AGENT_REPOSITORY = "aws-guardduty-agent-fargate";
    /** ECR actions the execution role needs on the agent repository, besides {@code ecr:GetAuthorizationToken}. */
    public static final List<String> AGENT_IMAGE_PULL_ACTIONS =
            List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
    /** Id of the policy added to each execution role of a monitored service. */
    public static final String AGENT_PULL_POLICY_ID = "GuardDutyAgentImagePull";
    /** GuardDuty actions of the detector custom resource (UpdateDetector only with UPDATE_EXISTING). */
    public static final List<String> DETECTOR_READ_ACTIONS = List.of("guardduty:GetDetector");
    /** SSM actions of the detector custom resource on the owner records under {@link #OWNER_PARAMETER_PATH}. */
    public static final List<String> OWNER_PARAMETER_ACTIONS =
            List.of("ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParametersByPath", "ssm:PutParameter");
    /** Custom resource type of the detector settings. */
    public static final String DETECTOR_RESOURCE_TYPE = "Custom::GuardDutyRuntimeMonitoring";
    /** Custom resource type of the endpoint cleanup. */
    public static final String CLEANUP_RESOURCE_TYPE = "Custom::GuardDutyEndpointCleanup";
    /** Tag set on an isolated network interface: the finding id. */
    public static final String ISOLATION_TAG = "GuardDutyIsolatedByFinding";
    /** Tag set on an isolated network interface: the network ACL entries that quarantine its address. */
    public static final String ISOLATION_RECORD_TAG = "GuardDutyIsolationNetworkAclEntries";
    /** Tag GuardDuty puts on the endpoint and security group it creates in a VPC: the cluster tag's key. */
    public static final String GUARDDUTY_MANAGED_TAG = TAG_KEY;
    /** {@code resource.resourceType} of Extended Threat Detection attack-sequence findings. */
    public static final String ATTACK_SEQUENCE_RESOURCE_TYPE = "AttackSequence";
    /** {@code resourceType} of an ECS cluster among the resources of an attack sequence. */
    public static final String ATTACK_SEQUENCE_ECS_CLUSTER = "ECS_CLUSTER";
    /**
     * SSM parameter path under which the detector custom resources of every stack in an account and Region record
     * themselves as owners of the Runtime Monitoring settings, and the settings from before the first owner.
     */
    public static final String OWNER_PARAMETER_PATH = "/securefargate/guardduty-runtime-monitoring";

    /** Warning id: no {@code guardduty-data} endpoint in the stack. */
    public static final String WARNING_NO_DATA_ENDPOINT = "@securefargate/guardduty:noDataEndpoint";
    /** Warning id: the cluster cannot be tagged by this construct (imported). */
    public static final String WARNING_UNTAGGED_CLUSTER = "@securefargate/guardduty:clusterNotTagged";
    /** Warning id: a monitored service has no egress on 443. */
    public static final String WARNING_NO_HTTPS_EGRESS = "@securefargate/guardduty:noHttpsEgress";
    /** Warning id: a service is not ECS-controlled, so no forced deployment. */
    public static final String WARNING_REDEPLOY_YOURSELF = "@securefargate/guardduty:redeployYourself";
    /** Warning id: a service of the monitored cluster runs on capacity the agent does not cover. */
    public static final String WARNING_UNCOVERED_CAPACITY = "@securefargate/guardduty:uncoveredCapacity";

    private final ICluster cluster;
    private final IVpc vpc;
    private final MonitoringMode mode;
    private final DetectorSetup detectorSetup;
    private final String clusterName;
    private final boolean forceNewDeployment;
    private final List<ICluster> excludedClusters;
    private final List<IConstruct> deploymentDependencies = new ArrayList<>();
    private final Prerequisites prerequisites;
    private final @Nullable CfnDetector detector;
    private final @Nullable CustomResource detectorSettings;
    private final @Nullable InterfaceVpcEndpoint dataEndpoint;
    private final @Nullable CustomResource endpointCleanup;
    private final @Nullable EncryptedTopic createdAlertTopic;
    private final @Nullable ITopic alertTopic;
    private final @Nullable Rule coverageUnhealthyRule;
    private final @Nullable Rule coverageHealthyRule;
    private final @Nullable Rule findingRule;
    private final @Nullable Rule attackSequenceRule;
    private final @Nullable Rule isolationRule;
    private final @Nullable Function isolationFunction;
    private final Handlers handlers;
    private final ClusterTags clusterTags;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public RuntimeMonitoring(final Construct scope, final String id, final RuntimeMonitoringProps props) {
        super(scope, id);

        // Resolve defaults.
        this.cluster = props.getCluster();
        this.vpc = props.getVpc() != null ? props.getVpc() : cluster.getVpc();
        this.mode = orDefault(props.getMode(), MonitoringMode.SELECTED_CLUSTERS);
        this.detectorSetup = orDefault(
                props.getDetector(),
                mode == MonitoringMode.MANAGED_ELSEWHERE ? DetectorSetup.VERIFY : DetectorSetup.UPDATE_EXISTING);
        this.clusterName = cluster.getClusterName();
        this.forceNewDeployment = orDefault(props.getForceNewDeployment(), Boolean.TRUE);
        this.excludedClusters = orDefault(props.getExcludedClusters(), List.of());
        boolean endpoint = orDefault(props.getDataEndpoint(), Boolean.TRUE);
        boolean cleanUp = orDefault(props.getCleanUpManagedEndpoint(), !endpoint);
        boolean coverage = orDefault(props.getCoverageAlerts(), Boolean.TRUE);
        boolean findings = orDefault(props.getFindingAlerts(), Boolean.TRUE);
        boolean isolate = orDefault(props.getIsolateTasks(), Boolean.FALSE);
        Number minimumSeverity = orDefault(props.getMinimumSeverity(), DEFAULT_MINIMUM_SEVERITY);
        Number isolationSeverity = orDefault(props.getIsolationMinimumSeverity(), DEFAULT_ISOLATION_MINIMUM_SEVERITY);
        SubnetSelection vpcSubnets = orDefault(
                props.getVpcSubnets(),
                SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build());

        // Validate.
        MonitoringValidation.validate(
                this,
                props,
                cluster,
                mode,
                detectorSetup,
                excludedClusters,
                minimumSeverity,
                isolationSeverity,
                coverage,
                findings,
                isolate);

        // Create children.
        this.handlers = new Handlers(this, vpc, vpcSubnets, orDefault(props.getLogRetention(), RetentionDays.ONE_YEAR));
        this.clusterTags = new ClusterTags(this, cluster, excludedClusters, mode);
        clusterTags.apply();
        if (detectorSetup == DetectorSetup.CREATE) {
            this.detector = DetectorSettings.createDetector(this, mode);
            this.detectorSettings = null;
            deploymentDependencies.add(detector);
        } else if (detectorSetup == DetectorSetup.UPDATE_EXISTING || detectorSetup == DetectorSetup.VERIFY) {
            this.detector = null;
            this.detectorSettings = DetectorSettings.createCustomResource(
                    this, handlers, detectorSetup, mode, !Boolean.FALSE.equals(props.getRestoreDetectorOnDelete()));
            deploymentDependencies.add(detectorSettings);
        } else {
            this.detector = null;
            this.detectorSettings = null;
        }

        if (endpoint) {
            this.dataEndpoint = DataEndpoint.createDataEndpoint(this, vpc, vpcSubnets);
            deploymentDependencies.add(dataEndpoint);
        } else {
            this.dataEndpoint = null;
            Annotations.of(this)
                    .addWarningV2(
                            WARNING_NO_DATA_ENDPOINT,
                            "dataEndpoint is false: the agent uses "
                                    + "link-local connectivity where GuardDuty offers it; otherwise GuardDuty creates its own "
                                    + "guardduty-data endpoint and security group GuardDutyManagedSecurityGroup-<vpc-id> in the VPC, "
                                    + "outside any stack, and they block deleting the VPC. "
                                    + (cleanUp
                                            ? "A custom resource deletes them when this stack is deleted."
                                            : "Delete them by hand before deleting the VPC, or set cleanUpManagedEndpoint(true)."));
        }
        if (cleanUp) {
            this.endpointCleanup = DataEndpoint.createEndpointCleanup(this, handlers, vpc);
            deploymentDependencies.add(endpointCleanup);
        } else {
            this.endpointCleanup = null;
        }

        if (coverage || findings || isolate) {
            this.createdAlertTopic =
                    props.getAlertTopic() != null ? null : Alerts.createTopic(this, props.getAlertEmails());
            this.alertTopic = createdAlertTopic != null ? createdAlertTopic.getTopic() : props.getAlertTopic();
        } else {
            this.createdAlertTopic = null;
            this.alertTopic = null;
        }
        Alerts alerts = new Alerts(this, cluster, clusterName, alertTopic);
        if (coverage) {
            this.coverageUnhealthyRule = alerts.coverageRule(
                    "CoverageUnhealthyRule",
                    DETAIL_TYPE_UNHEALTHY,
                    "UNHEALTHY: new tasks of this cluster may run without the GuardDuty agent until the issue is "
                            + "fixed. Issues: "
                            + Shared.eventField("$.detail.resourceDetails.ecsClusterDetails.fargateDetails.issues"));
            this.coverageHealthyRule = alerts.coverageRule(
                    "CoverageHealthyRule",
                    DETAIL_TYPE_HEALTHY,
                    "HEALTHY again: GuardDuty receives runtime events from the cluster's tasks.");
        } else {
            this.coverageUnhealthyRule = null;
            this.coverageHealthyRule = null;
        }
        if (findings || props.getFindingTarget() != null) {
            this.findingRule = alerts.findingRule(findings, props.getFindingTarget(), minimumSeverity);
            this.attackSequenceRule = alerts.attackSequenceRule(findings, props.getFindingTarget(), minimumSeverity);
        } else {
            this.findingRule = null;
            this.attackSequenceRule = null;
        }
        if (isolate) {
            this.isolationFunction = Isolation.createFunction(this, handlers, cluster, clusterName, vpc, alertTopic);
            this.isolationRule = Isolation.createRule(this, clusterName, isolationFunction, isolationSeverity);
        } else {
            this.isolationFunction = null;
            this.isolationRule = null;
        }

        this.prerequisites = new Prerequisites(this);
        // The checks run once, when the app is synthesized. The aspect sits on a leaf of its own (a plain construct,
        // nothing in the template), so it is called back once instead of once per node of this construct's subtree.
        Aspects.of(new Construct(this, "PrerequisiteChecks"))
                .add(
                        prerequisites,
                        AspectOptions.builder()
                                .priority(AspectPriority.MUTATING)
                                .build());
        getNode().addValidation(prerequisites::problems);
    }

    /**
     * Agent sidecar memory to leave free in a task, in MiB: 128 up to 4 vCPU; 256 (8 vCPU, up to 28 GB) or 512 (8 vCPU,
     * 32 GB and more); 1024 for 16 vCPU.
     *
     * @param cpuUnits  task CPU units
     * @param memoryMiB task memory in MiB
     * @return memory the agent needs
     */
    public static int agentMemoryMiB(final int cpuUnits, final int memoryMiB) {
        if (cpuUnits <= 4096) {
            return 128;
        }
        if (cpuUnits <= 8192) {
            return memoryMiB < 32 * 1024 ? 256 : 512;
        }
        return 1024;
    }

    /** @return problems with the cluster tags as they are after every aspect (e.g. a conflicting {@code Tags.of}) ran */
    List<String> tagProblems() {
        return clusterTags.problems();
    }

    /** @return resources that monitored services in this stack must be deployed after */
    List<IConstruct> deploymentDependencies() {
        return List.copyOf(deploymentDependencies);
    }

    /** @return whether services get a forced new deployment */
    boolean forcesNewDeployment() {
        return forceNewDeployment;
    }

    /** @return the nonce that forces a new deployment when monitoring is switched on or its mode changes */
    String deploymentNonce() {
        return "guardduty-runtime-monitoring-" + mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the monitored cluster */
    public ICluster getCluster() {
        return cluster;
    }

    /** @return the VPC of the monitored tasks */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return the monitoring mode */
    public MonitoringMode getMode() {
        return mode;
    }

    /** @return how the detector is handled */
    public DetectorSetup getDetectorSetup() {
        return detectorSetup;
    }

    /** @return the detector, when {@link DetectorSetup#CREATE} */
    public @Nullable CfnDetector getDetector() {
        return detector;
    }

    /** @return the custom resource that enables or verifies the detector's features, when UPDATE_EXISTING or VERIFY */
    public @Nullable CustomResource getDetectorSettings() {
        return detectorSettings;
    }

    /** @return the {@code guardduty-data} endpoint, unless dataEndpoint is false */
    public @Nullable InterfaceVpcEndpoint getDataEndpoint() {
        return dataEndpoint;
    }

    /** @return the custom resource that removes GuardDuty's own endpoint on delete, when cleanUpManagedEndpoint */
    public @Nullable CustomResource getEndpointCleanup() {
        return endpointCleanup;
    }

    /** @return the topic of coverage and finding notifications, unless every alert is off */
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /** @return the alert topic this construct created, unless alertTopic was given or every alert is off */
    public @Nullable EncryptedTopic getCreatedAlertTopic() {
        return createdAlertTopic;
    }

    /** @return the rule for unhealthy coverage, unless coverageAlerts is false */
    public @Nullable Rule getCoverageUnhealthyRule() {
        return coverageUnhealthyRule;
    }

    /** @return the rule for healthy coverage, unless coverageAlerts is false */
    public @Nullable Rule getCoverageHealthyRule() {
        return coverageHealthyRule;
    }

    /** @return the findings rule, unless findingAlerts is false and no findingTarget is set */
    public @Nullable Rule getFindingRule() {
        return findingRule;
    }

    /** @return the rule for attack sequences involving this cluster, unless findingAlerts is false and no findingTarget */
    public @Nullable Rule getAttackSequenceRule() {
        return attackSequenceRule;
    }

    /** @return the isolation rule, when isolateTasks */
    public @Nullable Rule getIsolationRule() {
        return isolationRule;
    }

    /** @return the isolation function, when isolateTasks */
    public @Nullable Function getIsolationFunction() {
        return isolationFunction;
    }

    /** @return the Fargate services of the cluster found when the app was synthesized (empty before) */
    public List<FargateService> getMonitoredServices() {
        return prerequisites.services();
    }

    /** Builder in the style of aws-cdk-lib: {@code RuntimeMonitoring.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final RuntimeMonitoringProps.Builder props = RuntimeMonitoringProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for the construct {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see RuntimeMonitoringProps#getCluster() */
        public Builder cluster(final ICluster cluster) {
            props.cluster(cluster);
            return this;
        }

        /** @see RuntimeMonitoringProps.Builder#cluster(EncryptedCluster) */
        public Builder cluster(final EncryptedCluster encryptedCluster) {
            props.cluster(encryptedCluster);
            return this;
        }

        /** @see RuntimeMonitoringProps#getVpc() */
        public Builder vpc(final IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see RuntimeMonitoringProps#getMode() */
        public Builder mode(final MonitoringMode mode) {
            props.mode(mode);
            return this;
        }

        /** @see RuntimeMonitoringProps#getDetector() */
        public Builder detector(final DetectorSetup detector) {
            props.detector(detector);
            return this;
        }

        /** @see RuntimeMonitoringProps#getRestoreDetectorOnDelete() */
        public Builder restoreDetectorOnDelete(final Boolean restoreDetectorOnDelete) {
            props.restoreDetectorOnDelete(restoreDetectorOnDelete);
            return this;
        }

        /** @see RuntimeMonitoringProps#getExcludedClusters() */
        public Builder excludedClusters(final List<ICluster> excludedClusters) {
            props.excludedClusters(excludedClusters);
            return this;
        }

        /** @see RuntimeMonitoringProps#getDataEndpoint() */
        public Builder dataEndpoint(final Boolean dataEndpoint) {
            props.dataEndpoint(dataEndpoint);
            return this;
        }

        /** @see RuntimeMonitoringProps#getCleanUpManagedEndpoint() */
        public Builder cleanUpManagedEndpoint(final Boolean cleanUpManagedEndpoint) {
            props.cleanUpManagedEndpoint(cleanUpManagedEndpoint);
            return this;
        }

        /** @see RuntimeMonitoringProps#getVpcSubnets() */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see RuntimeMonitoringProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            props.alertTopic(alertTopic);
            return this;
        }

        /** @see RuntimeMonitoringProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            props.alertEmails(alertEmails);
            return this;
        }

        /** @see RuntimeMonitoringProps#getCoverageAlerts() */
        public Builder coverageAlerts(final Boolean coverageAlerts) {
            props.coverageAlerts(coverageAlerts);
            return this;
        }

        /** @see RuntimeMonitoringProps#getFindingAlerts() */
        public Builder findingAlerts(final Boolean findingAlerts) {
            props.findingAlerts(findingAlerts);
            return this;
        }

        /** @see RuntimeMonitoringProps#getMinimumSeverity() */
        public Builder minimumSeverity(final Number minimumSeverity) {
            props.minimumSeverity(minimumSeverity);
            return this;
        }

        /** @see RuntimeMonitoringProps#getFindingTarget() */
        public Builder findingTarget(final IRuleTarget findingTarget) {
            props.findingTarget(findingTarget);
            return this;
        }

        /** @see RuntimeMonitoringProps#getIsolateTasks() */
        public Builder isolateTasks(final Boolean isolateTasks) {
            props.isolateTasks(isolateTasks);
            return this;
        }

        /** @see RuntimeMonitoringProps#getIsolationMinimumSeverity() */
        public Builder isolationMinimumSeverity(final Number isolationMinimumSeverity) {
            props.isolationMinimumSeverity(isolationMinimumSeverity);
            return this;
        }

        /** @see RuntimeMonitoringProps#getForceNewDeployment() */
        public Builder forceNewDeployment(final Boolean forceNewDeployment) {
            props.forceNewDeployment(forceNewDeployment);
            return this;
        }

        /** @see RuntimeMonitoringProps#getLogRetention() */
        public Builder logRetention(final RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /** @return the construct */
        public RuntimeMonitoring build() {
            return new RuntimeMonitoring(scope, id, props.build());
        }
    }
}
