package io.github.securefargate.guardduty;

import io.github.securefargate.internal.AlarmTopics;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.notifications.EncryptedTopicProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.AspectOptions;
import software.amazon.awscdk.AspectPriority;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.CfnVPC;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.CfnCluster;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.guardduty.CfnDetector;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
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
    public static final List<String> AGENT_IMAGE_PULL_ACTIONS = List.of("ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
    /** Id of the policy added to each execution role of a monitored service. */
    public static final String AGENT_PULL_POLICY_ID = "GuardDutyAgentImagePull";
    /** GuardDuty actions of the detector custom resource (UpdateDetector only with UPDATE_EXISTING). */
    public static final List<String> DETECTOR_READ_ACTIONS = List.of("guardduty:GetDetector");
    /** SSM actions of the detector custom resource on the owner records under {@link #OWNER_PARAMETER_PATH}. */
    public static final List<String> OWNER_PARAMETER_ACTIONS = List.of("ssm:DeleteParameter", "ssm:GetParameter",
            "ssm:GetParametersByPath", "ssm:PutParameter");
    /** Custom resource type of the detector settings. */
    public static final String DETECTOR_RESOURCE_TYPE = "Custom::GuardDutyRuntimeMonitoring";
    /** Custom resource type of the endpoint cleanup. */
    public static final String CLEANUP_RESOURCE_TYPE = "Custom::GuardDutyEndpointCleanup";
    /** Tag set on an isolated network interface: the finding id. */
    public static final String ISOLATION_TAG = "GuardDutyIsolatedByFinding";
    /** Tag set on an isolated network interface: the network ACL entries that quarantine its address. */
    public static final String ISOLATION_RECORD_TAG = "GuardDutyIsolationNetworkAclEntries";
    /** Tag GuardDuty puts on the endpoint and security group it creates in a VPC. */
    public static final String GUARDDUTY_MANAGED_TAG = "GuardDutyManaged";
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
    private final @Nullable ITopic alertTopic;
    private final @Nullable Rule coverageUnhealthyRule;
    private final @Nullable Rule coverageHealthyRule;
    private final @Nullable Rule findingRule;
    private final @Nullable Rule attackSequenceRule;
    private final @Nullable Rule isolationRule;
    private final @Nullable Function isolationFunction;
    private final Handlers handlers;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public RuntimeMonitoring(final Construct scope, final String id, final RuntimeMonitoringProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);

        // Resolve defaults.
        this.cluster = props.getCluster();
        this.vpc = props.getVpc() != null ? props.getVpc() : cluster.getVpc();
        this.mode = orDefault(props.getMode(), MonitoringMode.SELECTED_CLUSTERS);
        this.detectorSetup = orDefault(props.getDetector(),
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
        SubnetSelection subnets = orDefault(props.getSubnets(),
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build());

        // Validate.
        validate(props, minimumSeverity, isolationSeverity, coverage, findings, isolate);

        // Create children.
        this.handlers = new Handlers(this, vpc, subnets, orDefault(props.getLogRetention(), RetentionDays.ONE_YEAR));
        tagClusters();
        if (detectorSetup == DetectorSetup.CREATE) {
            this.detector = createDetector();
            this.detectorSettings = null;
            deploymentDependencies.add(detector);
        } else if (detectorSetup == DetectorSetup.UPDATE_EXISTING || detectorSetup == DetectorSetup.VERIFY) {
            this.detector = null;
            this.detectorSettings = createDetectorSettings(stack,
                    !Boolean.FALSE.equals(props.getRestoreDetectorOnDelete()));
            deploymentDependencies.add(detectorSettings);
        } else {
            this.detector = null;
            this.detectorSettings = null;
        }

        if (endpoint) {
            this.dataEndpoint = createDataEndpoint(stack, subnets);
            deploymentDependencies.add(dataEndpoint);
        } else {
            this.dataEndpoint = null;
            Annotations.of(this).addWarningV2(WARNING_NO_DATA_ENDPOINT, "dataEndpoint is false: the agent uses "
                    + "link-local connectivity where GuardDuty offers it; otherwise GuardDuty creates its own "
                    + "guardduty-data endpoint and security group GuardDutyManagedSecurityGroup-<vpc-id> in the VPC, "
                    + "outside any stack, and they block deleting the VPC. "
                    + (cleanUp ? "A custom resource deletes them when this stack is deleted."
                    : "Delete them by hand before deleting the VPC, or set cleanUpManagedEndpoint(true)."));
        }
        if (cleanUp) {
            this.endpointCleanup = createEndpointCleanup(stack);
            deploymentDependencies.add(endpointCleanup);
        } else {
            this.endpointCleanup = null;
        }

        if (coverage || findings || isolate) {
            this.alertTopic = props.getAlertTopic() != null ? props.getAlertTopic()
                    : new EncryptedTopic(this, "AlertTopic", EncryptedTopicProps.builder()
                            .emailSubscriptions(props.getAlertEmails())
                            .displayName("GuardDuty runtime monitoring")
                            .build()).getTopic();
        } else {
            this.alertTopic = null;
        }
        if (coverage) {
            this.coverageUnhealthyRule = createCoverageRule("CoverageUnhealthyRule", DETAIL_TYPE_UNHEALTHY,
                    "UNHEALTHY: new tasks of this cluster may run without the GuardDuty agent until the issue is "
                            + "fixed. Issues: " + EventField.fromPath(
                                    "$.detail.resourceDetails.ecsClusterDetails.fargateDetails.issues"));
            this.coverageHealthyRule = createCoverageRule("CoverageHealthyRule", DETAIL_TYPE_HEALTHY,
                    "HEALTHY again: GuardDuty receives runtime events from the cluster's tasks.");
        } else {
            this.coverageUnhealthyRule = null;
            this.coverageHealthyRule = null;
        }
        if (findings || props.getFindingTarget() != null) {
            this.findingRule = createFindingRule(findings, props.getFindingTarget(), minimumSeverity);
            this.attackSequenceRule = createAttackSequenceRule(findings, props.getFindingTarget(), minimumSeverity);
        } else {
            this.findingRule = null;
            this.attackSequenceRule = null;
        }
        if (isolate) {
            this.isolationFunction = createIsolationFunction(stack);
            this.isolationRule = createIsolationRule(isolationSeverity);
        } else {
            this.isolationFunction = null;
            this.isolationRule = null;
        }

        this.prerequisites = new Prerequisites(this);
        Aspects.of(this).add(prerequisites, AspectOptions.builder().priority(AspectPriority.MUTATING).build());
        getNode().addValidation(prerequisites::problems);
    }

    private void validate(final RuntimeMonitoringProps props, final Number minimumSeverity,
                          final Number isolationSeverity, final boolean coverage, final boolean findings,
                          final boolean isolate) {
        Check.between(this, "minimumSeverity", minimumSeverity, MIN_SEVERITY, MAX_SEVERITY);
        Check.between(this, "isolationMinimumSeverity", isolationSeverity, MIN_SEVERITY, MAX_SEVERITY);
        Check.emails(this, "alertEmails", props.getAlertEmails());
        if (props.getAlertTopic() != null && props.getAlertEmails() != null) {
            throw Check.fail(this, "alertEmails", "cannot be combined with alertTopic: subscribe the addresses to "
                    + "your own topic, or drop alertTopic to let the construct create one");
        }
        if (!coverage && !findings && !isolate && (props.getAlertTopic() != null || props.getAlertEmails() != null)) {
            throw Check.fail(this, "alertTopic", "has no effect because coverageAlerts and findingAlerts are false "
                    + "and isolateTasks is off; remove alertTopic/alertEmails or turn an alert on");
        }
        if (!isolate && props.getIsolationMinimumSeverity() != null) {
            throw Check.fail(this, "isolationMinimumSeverity", "applies only with isolateTasks(true), got "
                    + Check.fmt(props.getIsolationMinimumSeverity().doubleValue()) + " with isolation off");
        }
        if (!excludedClusters.isEmpty() && mode != MonitoringMode.ACCOUNT_WIDE) {
            throw Check.fail(this, "excludedClusters", "applies only with MonitoringMode.ACCOUNT_WIDE (opt-out "
                    + "by tag), got " + excludedClusters.size() + " cluster(s) with " + mode + ", which opts "
                    + "clusters in: include and exclude mode cannot be combined. Remove excludedClusters or use "
                    + "ACCOUNT_WIDE");
        }
        for (ICluster excluded : excludedClusters) {
            if (ConstructIndex.sameCluster(cluster, excluded)) {
                throw Check.fail(this, "excludedClusters", "must not contain the monitored cluster, got "
                        + Check.path(excluded) + (excluded == cluster ? "" : " (a reference to cluster "
                        + ConstructIndex.clusterName(cluster) + " by name)") + " both included (cluster) and "
                        + "excluded; remove it from excludedClusters");
            }
        }
        if (mode == MonitoringMode.MANAGED_ELSEWHERE
                && (detectorSetup == DetectorSetup.CREATE || detectorSetup == DetectorSetup.UPDATE_EXISTING)) {
            throw Check.fail(this, "detector", "must be VERIFY or NONE with MonitoringMode.MANAGED_ELSEWHERE (the "
                    + "organization's GuardDuty administrator owns the detector), got " + detectorSetup);
        }
        if (detectorSetup != DetectorSetup.UPDATE_EXISTING && props.getRestoreDetectorOnDelete() != null) {
            throw Check.fail(this, "restoreDetectorOnDelete", "applies only with DetectorSetup.UPDATE_EXISTING, got "
                    + props.getRestoreDetectorOnDelete() + " with " + detectorSetup);
        }
    }

    /** Tags the monitored cluster {@code true} and each excluded cluster {@code false}, on the ECS cluster resource. */
    private void tagClusters() {
        tag(cluster, "true");
        for (ICluster excluded : excludedClusters) {
            tag(excluded, "false");
        }
    }

    private void tag(final ICluster target, final String value) {
        IConstruct child = target.getNode().getDefaultChild();
        if (!(child instanceof CfnCluster)) {
            if ("true".equals(value) && mode != MonitoringMode.ACCOUNT_WIDE || "false".equals(value)) {
                Annotations.of(this).addWarningV2(WARNING_UNTAGGED_CLUSTER, "Cluster " + target.getClusterName()
                        + " is not defined in this app, so it cannot be tagged here: tag it " + TAG_KEY + "="
                        + value + " yourself, or GuardDuty will " + ("true".equals(value) ? "not monitor it"
                        : "keep monitoring it"));
            }
            return;
        }
        CfnCluster cfn = (CfnCluster) child;
        String existing = cfn.getTags().tagValues().get(TAG_KEY);
        if (existing != null && !existing.equals(value)) {
            throw Check.fail(this, "true".equals(value) ? "cluster" : "excludedClusters", "must not already be "
                    + "tagged " + TAG_KEY + "=" + existing + " (" + Check.path(target) + "), got a request to tag it "
                    + value + ": a cluster cannot be both included and excluded");
        }
        cfn.getTags().setTag(TAG_KEY, value);
    }

    /** @return problems with the tags as they are after every aspect (e.g. a conflicting {@code Tags.of}) ran */
    List<String> tagProblems() {
        List<String> problems = new ArrayList<>();
        checkTag(cluster, "true", problems);
        excludedClusters.forEach(c -> checkTag(c, "false", problems));
        return problems;
    }

    private void checkTag(final ICluster target, final String value, final List<String> problems) {
        IConstruct child = target.getNode().getDefaultChild();
        if (child instanceof CfnCluster) {
            String actual = ((CfnCluster) child).getTags().tagValues().get(TAG_KEY);
            if (!value.equals(actual)) {
                problems.add(Check.path(target) + ": tag " + TAG_KEY + " must be " + value + " for " + Check.path(this)
                        + " (" + mode + "), got " + actual + "; remove the conflicting tag");
            }
        }
    }

    private CfnDetector createDetector() {
        CfnDetector created = CfnDetector.Builder.create(this, "Detector")
                .enable(true)
                .features(List.of(CfnDetector.CFNFeatureConfigurationProperty.builder()
                        .name(FEATURE_RUNTIME_MONITORING)
                        .status("ENABLED")
                        .additionalConfiguration(List.of(CfnDetector.CFNFeatureAdditionalConfigurationProperty
                                .builder()
                                .name(FEATURE_FARGATE_AGENT_MANAGEMENT)
                                .status(mode == MonitoringMode.ACCOUNT_WIDE ? "ENABLED" : "DISABLED")
                                .build()))
                        .build()))
                .build();
        // Findings are evidence: keep the detector when the stack goes.
        created.applyRemovalPolicy(RemovalPolicy.RETAIN);
        return created;
    }

    private CustomResource createDetectorSettings(final Stack stack, final boolean restore) {
        boolean update = detectorSetup == DetectorSetup.UPDATE_EXISTING;
        Function function = handlers.create("DetectorFunction", "detector_features.py",
                (update ? "Enables" : "Verifies") + " GuardDuty Runtime Monitoring for ECS Fargate on the detector",
                Duration.minutes(2), 1, Map.of(), null);
        List<String> actions = new ArrayList<>(DETECTOR_READ_ACTIONS);
        if (update) {
            // GetAdministratorAccount: an organization member must not try (its UpdateDetector is refused).
            actions.add("guardduty:GetAdministratorAccount");
            actions.add("guardduty:UpdateDetector");
            function.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("RecordOwnersOfTheSettings")
                    .actions(OWNER_PARAMETER_ACTIONS)
                    .resources(List.of(
                            stack.formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                                    .resourceName(OWNER_PARAMETER_PATH.substring(1) + "/owners").build()),
                            stack.formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                                    .resourceName(OWNER_PARAMETER_PATH.substring(1) + "/*").build())))
                    .build());
        }
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("FindDetector")
                .actions(List.of("guardduty:ListDetectors"))
                .resources(List.of("*"))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid(update ? "ReadAndUpdateDetector" : "ReadDetector")
                .actions(actions)
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("guardduty")
                        .resource("detector").resourceName("*").build())))
                .build());
        Nag.suppress(function.getRole().getNode().findChild("DefaultPolicy"), "ListDetectors, the VPC "
                + "network-interface actions and DescribeSubnets accept only resource *; the detector id is "
                + "unknown before deployment, so detector actions are limited to detectors of this account and "
                + "Region; the owner records are the parameters under " + OWNER_PARAMETER_PATH + " only",
                List.of("Resource::*",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):guardduty:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):detector\\/\\*$/",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ssm:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):parameter\\/securefargate\\/guardduty-runtime-monitoring\\/\\*$/"),
                "AwsSolutions-IAM5");

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Action", update ? "ENABLE" : "VERIFY");
        // Every mode states the agent setting it needs: ACCOUNT_WIDE on; SELECTED_CLUSTERS off (the tag opts in).
        // VERIFY checks agent management only for ACCOUNT_WIDE.
        properties.put("AgentManagement", mode == MonitoringMode.ACCOUNT_WIDE ? "ENABLED" : update ? "DISABLED" : "");
        properties.put("RestoreOnDelete", String.valueOf(update && restore));
        properties.put("OwnerParameterPath", OWNER_PARAMETER_PATH);
        properties.put("Account", stack.getAccount());
        properties.put("Region", stack.getRegion());
        return CustomResource.Builder.create(this, "DetectorSettings")
                .serviceToken(function.getFunctionArn())
                .resourceType(DETECTOR_RESOURCE_TYPE)
                .properties(properties)
                .build();
    }

    private InterfaceVpcEndpoint createDataEndpoint(final Stack stack, final SubnetSelection subnets) {
        SecurityGroup sg = SecurityGroup.Builder.create(this, "DataEndpointSecurityGroup")
                .vpc(vpc)
                .description("GuardDuty data endpoint: HTTPS from the VPC CIDR only")
                .allowAllOutbound(false)
                .build();
        sg.addIngressRule(Peer.ipv4(vpcCidr()), Port.tcp(443), "HTTPS from the VPC CIDR");
        InterfaceVpcEndpoint created = InterfaceVpcEndpoint.Builder.create(this, "DataEndpoint")
                .vpc(vpc)
                .service(InterfaceVpcEndpointAwsService.GUARDDUTY_DATA)
                .privateDnsEnabled(true)
                .securityGroups(List.of(sg))
                .subnets(subnets)
                .open(false)
                .build();
        created.addToPolicy(PolicyStatement.Builder.create()
                .sid("AllowThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount())))
                .build());
        created.addToPolicy(PolicyStatement.Builder.create()
                .sid("DenyOtherAccounts")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringNotEquals", Map.of("aws:PrincipalAccount", stack.getAccount())))
                .build());
        return created;
    }

    /** @return the VPC's primary CIDR, as a literal when the VPC is defined in this app (so that rules can read it) */
    private String vpcCidr() {
        if (vpc instanceof Vpc) {
            String cidr = ((CfnVPC) vpc.getNode().getDefaultChild()).getCidrBlock();
            if (cidr != null && !Check.isToken(cidr)) {
                return cidr;
            }
        }
        return vpc.getVpcCidrBlock();
    }

    private CustomResource createEndpointCleanup(final Stack stack) {
        Function function = handlers.create("EndpointCleanupFunction", "endpoint_cleanup.py",
                "Deletes the guardduty-data endpoint and security group GuardDuty created in the VPC, on stack delete",
                Duration.minutes(15), 1, Map.of(), null);
        String vpcArn = stack.formatArn(ArnComponents.builder().service("ec2").resource("vpc")
                .resourceName(vpc.getVpcId()).build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("FindGuardDutyEndpoint")
                .actions(List.of("ec2:DescribeVpcEndpoints", "ec2:DescribeSecurityGroups"))
                .resources(List.of("*"))
                .build());
        // Only what GuardDuty created: its service-linked role tags the endpoint and the security group
        // GuardDutyManaged=true (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonGuardDutyServiceRolePolicy.html).
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("DeleteGuardDutyEndpoint")
                .actions(List.of("ec2:DeleteVpcEndpoints"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("ec2").resource("vpc-endpoint")
                        .resourceName("*").build())))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + GUARDDUTY_MANAGED_TAG, "true")))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("DeleteGuardDutySecurityGroupInThisVpc")
                .actions(List.of("ec2:DeleteSecurityGroup"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("ec2").resource("security-group")
                        .resourceName("*").build())))
                .conditions(Map.of("StringEquals", Map.of("ec2:Vpc", vpcArn,
                        "aws:ResourceTag/" + GUARDDUTY_MANAGED_TAG, "true")))
                .build());
        Nag.suppress(function.getRole().getNode().findChild("DefaultPolicy"), "Describe calls and the VPC "
                + "network-interface actions accept only resource *; the endpoint and security group are created by "
                + "GuardDuty at run time, so their ids are unknown: both are limited to GuardDuty's tag "
                + GUARDDUTY_MANAGED_TAG + "=true, security groups also to this VPC, and the handler only deletes "
                + "GuardDuty's own in this VPC",
                List.of("Resource::*",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):vpc-endpoint\\/\\*$/",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):security-group\\/\\*$/"),
                "AwsSolutions-IAM5");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("VpcId", vpc.getVpcId());
        properties.put("ServiceName", InterfaceVpcEndpointAwsService.GUARDDUTY_DATA.getName());
        return CustomResource.Builder.create(this, "ManagedEndpointCleanup")
                .serviceToken(function.getFunctionArn())
                .resourceType(CLEANUP_RESOURCE_TYPE)
                .properties(properties)
                .build();
    }

    /** @return the event pattern of coverage events about this cluster */
    private EventPattern coveragePattern(final String detailType) {
        return EventPattern.builder()
                .source(List.of(EVENT_SOURCE))
                .detailType(List.of(detailType))
                .account(List.of(Stack.of(this).getAccount()))
                .detail(Map.of("resourceDetails", Map.of(
                        "resourceType", List.of("ECS"),
                        "ecsClusterDetails", Map.of("clusterName", List.of(clusterName)))))
                .build();
    }

    private Rule createCoverageRule(final String id, final String detailType, final String state) {
        Rule rule = Rule.Builder.create(this, id)
                .description("GuardDuty runtime coverage of ECS cluster " + clusterName + ": " + detailType)
                .eventPattern(coveragePattern(detailType))
                .build();
        rule.addTarget(SnsTopic.Builder.create(alertTopic)
                .message(RuleTargetInput.fromText("GuardDuty Runtime Monitoring coverage of ECS cluster "
                        + EventField.fromPath("$.detail.resourceDetails.ecsClusterDetails.clusterName")
                        + " (account " + EventField.fromPath("$.account") + ", Region "
                        + EventField.fromPath("$.region") + ", agent management "
                        + EventField.fromPath("$.detail.resourceDetails.ecsClusterDetails.fargateDetails.managementType")
                        + ") is " + state))
                .build());
        return rule;
    }

    /** @return the event pattern of findings about this cluster at or above {@code severity} */
    private EventPattern findingPattern(final Number severity, final boolean withTask) {
        Map<String, Object> clusterDetails = new LinkedHashMap<>();
        clusterDetails.put("name", List.of(clusterName));
        if (withTask) {
            clusterDetails.put("taskDetails", Map.of("arn", List.of(Map.of("exists", true))));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("resource", Map.of("resourceType", List.of("ECSCluster"), "ecsClusterDetails", clusterDetails));
        detail.put("severity", List.of(Map.of("numeric", List.of(">=", severity))));
        return EventPattern.builder()
                .source(List.of(EVENT_SOURCE))
                .detailType(List.of(DETAIL_TYPE_FINDING))
                .account(List.of(Stack.of(this).getAccount()))
                .detail(detail)
                .build();
    }

    private Rule createFindingRule(final boolean toTopic, final @Nullable IRuleTarget extra, final Number severity) {
        Rule rule = Rule.Builder.create(this, "FindingRule")
                .description("GuardDuty findings about ECS cluster " + clusterName + " with severity >= "
                        + severity)
                .eventPattern(findingPattern(severity, false))
                .build();
        if (toTopic) {
            rule.addTarget(SnsTopic.Builder.create(alertTopic)
                    .message(RuleTargetInput.fromText("GuardDuty finding " + EventField.fromPath("$.detail.type")
                            + " (severity " + EventField.fromPath("$.detail.severity") + ") in ECS cluster "
                            + EventField.fromPath("$.detail.resource.ecsClusterDetails.name") + ", task "
                            + EventField.fromPath("$.detail.resource.ecsClusterDetails.taskDetails.arn") + ": "
                            + EventField.fromPath("$.detail.title") + " Finding " + EventField.fromPath("$.detail.id")
                            + ", account " + EventField.fromPath("$.account") + ", Region "
                            + EventField.fromPath("$.region") + ". Investigate in the GuardDuty console; isolate the "
                            + "task rather than stopping it, to keep evidence."))
                    .build());
        }
        if (extra != null) {
            rule.addTarget(extra);
        }
        return rule;
    }

    /**
     * Extended Threat Detection: attack-sequence findings ({@code AttackSequence:ECS/CompromisedCluster}, critical) have
     * {@code resource.resourceType = AttackSequence} and list the affected resources under
     * {@code service.detection.sequence.resources}; this cluster appears there as an {@code ECS_CLUSTER} (name, uid)
     * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-attack-sequence-finding-types.html,
     * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ResourceV2.html). Notified only: isolation acts on
     * findings that name a task, which the signals of a sequence are themselves.
     */
    private EventPattern attackSequencePattern(final Number severity) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("resource", Map.of("resourceType", List.of(ATTACK_SEQUENCE_RESOURCE_TYPE)));
        // The cluster by name or by ARN (the resource's uid): either identifies it.
        detail.put("service", Map.of("detection", Map.of("sequence", Map.of("resources", Map.of(
                "resourceType", List.of(ATTACK_SEQUENCE_ECS_CLUSTER),
                "$or", List.of(Map.of("name", List.of(clusterName)),
                        Map.of("uid", List.of(cluster.getClusterArn()))))))));
        detail.put("severity", List.of(Map.of("numeric", List.of(">=", severity))));
        return EventPattern.builder()
                .source(List.of(EVENT_SOURCE))
                .detailType(List.of(DETAIL_TYPE_FINDING))
                .account(List.of(Stack.of(this).getAccount()))
                .detail(detail)
                .build();
    }

    private Rule createAttackSequenceRule(final boolean toTopic, final @Nullable IRuleTarget extra,
                                          final Number severity) {
        Rule rule = Rule.Builder.create(this, "AttackSequenceRule")
                .description("GuardDuty attack sequences involving ECS cluster " + clusterName + " with severity >= "
                        + severity)
                .eventPattern(attackSequencePattern(severity))
                .build();
        if (toTopic) {
            rule.addTarget(SnsTopic.Builder.create(alertTopic)
                    .message(RuleTargetInput.fromText("GuardDuty attack sequence " + EventField.fromPath("$.detail.type")
                            + " (severity " + EventField.fromPath("$.detail.severity") + ") involving ECS cluster "
                            + clusterName + ": " + EventField.fromPath("$.detail.title") + " Finding "
                            + EventField.fromPath("$.detail.id") + ", account " + EventField.fromPath("$.account")
                            + ", Region " + EventField.fromPath("$.region") + ". Review the sequence's signals and "
                            + "resources in the GuardDuty console; tasks are not isolated automatically for a "
                            + "sequence."))
                    .build());
        }
        if (extra != null) {
            rule.addTarget(extra);
        }
        return rule;
    }

    private Function createIsolationFunction(final Stack stack) {
        Queue deadLetters = Queue.Builder.create(this, "IsolationDeadLetterQueue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(Keys.create(this, "IsolationDeadLetterKey",
                        "Encrypts failed GuardDuty task-isolation events of ECS cluster " + clusterName))
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CLUSTER_NAME", clusterName);
        environment.put("CLUSTER_ARN", cluster.getClusterArn());
        environment.put("VPC_ID", vpc.getVpcId());
        Function function = handlers.create("IsolationFunction", "isolate_task.py",
                "Quarantines the address of ECS tasks named in GuardDuty findings in the VPC's network ACLs",
                Duration.minutes(1), 2, environment, deadLetters);
        // The function itself is granted sqs:SendMessage on the queue; SQS needs these on the queue's key.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("EncryptDeadLetters")
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(deadLetters.getEncryptionMasterKey().getKeyArn()))
                .build());

        String vpcArn = stack.formatArn(ArnComponents.builder().service("ec2").resource("vpc")
                .resourceName(vpc.getVpcId()).build());
        Map<String, Object> inThisVpc = Map.of("StringEquals", Map.of("ec2:Vpc", vpcArn));
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("DescribeTasksOfThisCluster")
                .actions(List.of("ecs:DescribeTasks"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("ecs").resource("task")
                        .resourceName(clusterName + "/*").build())))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster.getClusterArn())))
                .build());
        // Fargate task interfaces are requester-managed: only their tags may change
        // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html), so the task is contained
        // with deny entries in the network ACLs of this VPC, and its interface gets the two record tags only.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("FindNetworkAcls")
                .actions(List.of("ec2:DescribeNetworkAcls"))
                .resources(List.of("*"))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("QuarantineInNetworkAclsOfThisVpc")
                .actions(List.of("ec2:CreateNetworkAclEntry"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("ec2").resource("network-acl")
                        .resourceName("*").build())))
                .conditions(inThisVpc)
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("RecordIsolationOnInterfacesOfThisVpc")
                .actions(List.of("ec2:CreateTags"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("ec2").resource("network-interface")
                        .resourceName("*").build())))
                .conditions(Map.of("StringEquals", Map.of("ec2:Vpc", vpcArn),
                        "ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of(ISOLATION_TAG, ISOLATION_RECORD_TAG))))
                .build());
        Nag.suppress(function.getRole().getNode().findChild("DefaultPolicy"), "Task network interfaces and the "
                + "network ACLs' entries are matched by the ec2:Vpc condition of this VPC instead of by id (Fargate "
                + "creates the interfaces at run time); only the two isolation tags may be set; tasks are limited to "
                + "this cluster; DescribeNetworkAcls, DescribeNetworkInterfaces and the VPC network-interface actions "
                + "accept only resource *",
                List.of("Resource::*",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ecs:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):task\\/.+\\/\\*$/",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):network-interface\\/\\*$/",
                        "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ec2:(?:<AWS::[A-Za-z]+>|[^:]+):(?:<AWS::[A-Za-z]+>|[^:]+):network-acl\\/\\*$/"),
                "AwsSolutions-IAM5");

        Alarm alarm = Alarm.Builder.create(this, "IsolationFailedAlarm")
                .alarmDescription("A GuardDuty task isolation of ECS cluster " + clusterName + " failed: the event "
                        + "is in the dead-letter queue and the function logs say why. Isolate the task by hand.")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(1)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        AlarmTopics.allowAlarms(this, alertTopic);
        alarm.addAlarmAction(new SnsAction(alertTopic));
        return function;
    }

    private Rule createIsolationRule(final Number severity) {
        Rule rule = Rule.Builder.create(this, "IsolationRule")
                .description("Isolates tasks of ECS cluster " + clusterName + " named in GuardDuty findings with "
                        + "severity >= " + severity)
                .eventPattern(findingPattern(severity, true))
                .build();
        rule.addTarget(LambdaFunction.Builder.create(isolationFunction).retryAttempts(2).build());
        return rule;
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

    private static <T> T orDefault(final T value, final T fallback) {
        return value != null ? value : fallback;
    }

    // ---------------------------------------------------------------- package-private, for the prerequisite checks

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

    // ---------------------------------------------------------------- getters

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

        /**
         * Monitors an encrypted cluster: its ECS cluster and its VPC.
         *
         * @param encryptedCluster the cluster
         * @return this builder
         */
        public Builder cluster(final EncryptedCluster encryptedCluster) {
            props.cluster(encryptedCluster.getCluster());
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

        /** @see RuntimeMonitoringProps#getSubnets() */
        public Builder subnets(final SubnetSelection subnets) {
            props.subnets(subnets);
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
