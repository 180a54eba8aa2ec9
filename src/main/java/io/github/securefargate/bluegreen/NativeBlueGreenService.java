package io.github.securefargate.bluegreen;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.service.NativeDelivery;
import io.github.securefargate.service.SecureFargateService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.WeightedTargetGroup;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * ECS-native blue/green, linear or canary releases of a {@link SecureFargateService}, without CodeDeploy: the
 * sibling of {@link BlueGreenService}, with the same green target group, test listener and default alarms.
 *
 * <p>Adds to the service (which keeps the default ECS deployment controller):
 * <ul>
 *   <li>a green target group built from the service's settings, and a test listener open only to
 *       {@code testTrafficSource} (the VPC by default);</li>
 *   <li>a production listener rule and a test listener rule with a fixed shape (see
 *       {@link #PRODUCTION_RULE_PRIORITY}): ECS re-weights them during a deployment, and CloudFormation never rewrites
 *       them afterwards because none of their properties ever changes;</li>
 *   <li>an infrastructure role scoped to those rules, listeners and target groups;</li>
 *   <li>the strategy with its bake times, the default rollback alarms and Lambda lifecycle hooks, written on the
 *       service with {@link SecureFargateService#useNativeDelivery(NativeDelivery)}.</li>
 * </ul>
 *
 * <pre>{@code
 * NativeBlueGreenService.Builder.create(this, "BlueGreen")
 *     .service(service)
 *     .serviceName("orders")
 *     .trafficShift(NativeTrafficShift.linear(10, Duration.minutes(3)))
 *     .lifecycleHooks(Map.of(DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT, smokeTests))
 *     .build();
 * }</pre>
 */
public class NativeBlueGreenService extends Construct implements IReleasableService {
    /** Why the role-scoped policies of the roles this construct creates are not a finding. */
    private static final String ROLE_POLICY_REASON = "Role-scoped policy for this role only, deployed with the stack";

    /** Default minutes ECS keeps blue after the production shift (the CodeDeploy mode's termination wait). */
    public static final int DEFAULT_BAKE_TIME_MINUTES = BlueGreenService.DEFAULT_TERMINATION_WAIT_MINUTES;
    /** Longest bake time of a linear deployment CloudFormation accepts, in minutes (33 hours). */
    public static final int MAX_LINEAR_BAKE_MINUTES = 33 * 60;
    /**
     * Priority of the production and test listener rules. aws-cdk#36649: a stack update that rewrites a rule ECS has
     * re-weighted sends traffic back to the template's target group, which after every other deployment has no
     * tasks. CloudFormation compares templates, not live state, so a rule whose properties never change is never
     * rewritten: the priority, condition ({@value #RULE_PATH_PATTERN}) and weighted forward (blue 100, green 0) of both
     * rules are constants, never props.
     */
    public static final int PRODUCTION_RULE_PRIORITY = 1;
    /** Path pattern of the production and test rules: every request. */
    public static final String RULE_PATH_PATTERN = "/*";
    /** Elastic Load Balancing actions without resource-level permissions that ECS needs. */
    public static final List<String> DESCRIBE_ACTIONS = List.of(
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth");
    /** Actions ECS needs on the two target groups. */
    public static final List<String> TARGET_GROUP_ACTIONS =
            List.of("elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets");
    /** Actions ECS needs on the two listener rules. */
    public static final List<String> RULE_ACTIONS = List.of("elasticloadbalancing:ModifyRule");
    /** Actions ECS may need on the two listeners (the AWS managed policy grants them). */
    public static final List<String> LISTENER_ACTIONS = List.of("elasticloadbalancing:ModifyListener");
    /**
     * Actions of the pipeline's reader role on the service and its deployments: a native Toolchain stage reads the
     * service's current deployment and its status after the stack update. {@code ecs:DescribeServices} needs the
     * service, {@code ecs:DescribeServiceDeployments} the service and the deployment (Service Authorization Reference,
     * Amazon ECS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
     */
    public static final List<String> DEPLOYMENT_READER_ACTIONS =
            List.of("ecs:DescribeServices", "ecs:DescribeServiceDeployments");
    /** Actions of the pipeline's reader role for the routing guard (no resource-level permissions). */
    public static final List<String> ROUTING_READER_ACTIONS =
            List.of("elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeListeners");
    /** Warning id: a step, canary or deployment bake time is shorter than the default alarms take to fire. */
    public static final String WARNING_BAKE_SHORTER_THAN_ALARM = "@securefargate/bluegreen:bakeShorterThanAlarm";

    private final SecureFargateService service;
    private final String serviceName;
    private final NativeTrafficShift trafficShift;
    private final Duration bakeTime;
    private final ApplicationTargetGroup greenTargetGroup;
    private final ApplicationListener testListener;
    private final Number testListenerPort;
    private final ApplicationListenerRule productionRule;
    private final ApplicationListenerRule testRule;
    private final IRole infrastructureRole;
    private final @Nullable IRole hookRole;
    private final List<IAlarm> alarms;
    private final String pipelineAccount;
    private final Role taskDefinitionReaderRole;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public NativeBlueGreenService(final Construct scope, final String id, final NativeBlueGreenServiceProps props) {
        super(scope, id);

        // Defaults. Everything about the service comes from its typed getters.
        this.service = props.getService();
        this.serviceName = props.getServiceName();
        this.trafficShift = orDefault(props.getTrafficShift(), NativeTrafficShift.CANARY_10_PERCENT_5_MINUTES);
        this.bakeTime = orDefault(props.getBakeTime(), Shared.minutes(DEFAULT_BAKE_TIME_MINUTES));
        AlarmSettings alarmSettings = AlarmSettings.of(props);
        Map<DeploymentLifecycleStage, IFunction> hooks =
                props.getLifecycleHooks() != null ? new TreeMap<>(props.getLifecycleHooks()) : Map.of();

        // Validation.
        NativeValidation.validate(
                this, service, serviceName, trafficShift, bakeTime, alarmSettings, props.getPipelineAccount());
        this.testListenerPort = GreenRouting.testListenerPort(this, service, props.getTestListenerPort());
        if (alarmSettings.createDefaults()) {
            warnOnShortBakes();
        }

        // Green target group and test listener, as in the CodeDeploy mode.
        ApplicationTargetGroup blue = service.getTargetGroup();
        this.greenTargetGroup = GreenRouting.greenTargetGroup(this, service);
        this.testListener = GreenRouting.testListener(this, service, testListenerPort, props.getTestTrafficSource());

        // The two rules ECS re-weights (fixed shape: see PRODUCTION_RULE_PRIORITY).
        this.productionRule = rule("ProductionRule", service.getListener(), blue);
        this.testRule = rule("TestRule", testListener, blue);

        // Alarms that fail and roll back a deployment.
        this.alarms = DeploymentAlarms.all(this, serviceName, "ECS", service, greenTargetGroup, alarmSettings);

        // Roles ECS assumes.
        this.infrastructureRole =
                props.getInfrastructureRole() != null ? props.getInfrastructureRole() : infrastructureRole(blue);
        this.hookRole = hooks.isEmpty() ? null : hookRole(props.getHookRole(), hooks);

        List<NativeDelivery.Hook> deliveryHooks = new ArrayList<>();
        for (Map.Entry<DeploymentLifecycleStage, IFunction> e : hooks.entrySet()) {
            deliveryHooks.add(new NativeDelivery.Hook(e.getValue(), hookRole, List.of(e.getKey())));
        }
        List<String> alarmNames = new ArrayList<>();
        for (IAlarm alarm : alarms) {
            alarmNames.add(alarm.getAlarmName());
        }
        NativeDelivery.Builder delivery = NativeDelivery.builder()
                .strategy(trafficShift.getStrategy())
                .bakeTime(bakeTime)
                .alternateTargetGroup(greenTargetGroup)
                .productionListenerRule(productionRule)
                .testListenerRule(testRule)
                .infrastructureRole(infrastructureRole)
                .hooks(deliveryHooks)
                .alarmNames(alarmNames)
                .rollbackOnAlarm(alarmSettings.rollback());
        if (trafficShift.getStrategy() != DeploymentStrategy.BLUE_GREEN) {
            delivery.stepPercent(trafficShift.getPercent()).stepBakeTime(trafficShift.getStepBakeTime());
        }
        service.useNativeDelivery(delivery.build());

        // The role the pipeline assumes, by name, from its own account (the CodeDeploy mode's name and id).
        this.pipelineAccount = orDefault(props.getPipelineAccount(), Env.account(this));
        this.taskDefinitionReaderRole = readerRole();
    }

    /**
     * The pipeline's reader role: this stack's resources (physical ids) and the service's deployments, so that a
     * native Toolchain stage can verify that ECS finished the release without a rollback.
     */
    private Role readerRole() {
        String serviceArn = service.getService().getServiceArn();
        // The pipeline's routing guard reads the live production rule and listener (no resource-level permissions).
        return PipelineRoles.readerRole(
                this,
                serviceName,
                pipelineAccount,
                "Lets the pipeline verify the deployments of " + serviceName,
                ROUTING_READER_ACTIONS,
                List.of(PolicyStatement.Builder.create()
                        .actions(DEPLOYMENT_READER_ACTIONS)
                        .resources(List.of(serviceArn, deploymentsOf(serviceArn)))
                        .build()),
                Nag.rule(
                        "ECS names each deployment of a service with a generated id: the role reads the deployments of"
                                + " this one service only (service-deployment/<cluster>/<service>/*)",
                        List.of("/^Resource::.*:service-deployment\\/.*\\/\\*$/"),
                        "AwsSolutions-IAM5"));
    }

    /**
     * @return the ARN pattern of the deployments of the service {@code serviceArn}
     *     ({@code arn:...:service/<cluster>/<service>}): {@code arn:...:service-deployment/<cluster>/<service>/*}
     */
    private static String deploymentsOf(final String serviceArn) {
        List<String> parts = Fn.split(":service/", serviceArn, 2);
        return Fn.join("", List.of(parts.get(0), ":service-deployment/", parts.get(1), "/*"));
    }

    /** A rule forwarding every request to blue 100 / green 0: the weighted shape ECS itself writes. */
    private ApplicationListenerRule rule(
            final String id, final IApplicationListener listener, final ApplicationTargetGroup blue) {
        return ApplicationListenerRule.Builder.create(this, id)
                .listener(listener)
                .priority(PRODUCTION_RULE_PRIORITY)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of(RULE_PATH_PATTERN))))
                .action(ListenerAction.weightedForward(List.of(
                        WeightedTargetGroup.builder()
                                .targetGroup(blue)
                                .weight(100)
                                .build(),
                        WeightedTargetGroup.builder()
                                .targetGroup(greenTargetGroup)
                                .weight(0)
                                .build())))
                .build();
    }

    /**
     * The infrastructure role, least privilege: the AWS managed policy
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html)
     * narrowed to this service's target groups, rules and listeners; Describe* has no resource-level permissions.
     */
    private Role infrastructureRole(final ApplicationTargetGroup blue) {
        Role role = Role.Builder.create(this, "InfrastructureRole")
                .assumedBy(Shared.service("ecs.amazonaws.com"))
                .description("ECS shifts traffic between the target groups of " + serviceName)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(DESCRIBE_ACTIONS)
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(TARGET_GROUP_ACTIONS)
                .resources(List.of(blue.getTargetGroupArn(), greenTargetGroup.getTargetGroupArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(RULE_ACTIONS)
                .resources(List.of(productionRule.getListenerRuleArn(), testRule.getListenerRuleArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(LISTENER_ACTIONS)
                .resources(List.of(service.getListener().getListenerArn(), testListener.getListenerArn()))
                .build());
        IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
        Nag.suppress(
                policy,
                Nag.rule(
                        "elasticloadbalancing:Describe* has no resource-level permissions; every other action is "
                                + "scoped to this service's two target groups, two rules and two listeners",
                        List.of("Resource::*"),
                        "AwsSolutions-IAM5"),
                Nag.inlinePolicy(ROLE_POLICY_REASON));
        return role;
    }

    /** The role ECS invokes the hooks with; fails when it cannot invoke one of them. */
    private IRole hookRole(final @Nullable IRole given, final Map<DeploymentLifecycleStage, IFunction> hooks) {
        IRole role = given != null
                ? given
                : Role.Builder.create(this, "HookRole")
                        .assumedBy(Shared.service("ecs.amazonaws.com"))
                        .description("ECS invokes the deployment lifecycle hooks of " + serviceName)
                        .build();
        for (Map.Entry<DeploymentLifecycleStage, IFunction> e : hooks.entrySet()) {
            boolean granted;
            try {
                // aws-cdk-lib returns an unsuccessful grant, or throws for a function of another account.
                Grant grant = e.getValue().grantInvoke(role);
                granted = grant.getSuccess();
            } catch (RuntimeException notGrantable) {
                granted = false;
            }
            if (!granted) {
                throw Check.fail(
                        this,
                        "lifecycleHooks[" + e.getKey().name() + "]",
                        "must be a function the hook role can be granted to invoke, got "
                                + Check.path(e.getValue())
                                + ", which accepts no grant (a function of another account, or an imported role"
                                + " that takes no policy); allow a role of yours lambda:InvokeFunction on it (in its"
                                + " function policy for another account), pass that role as hookRole and import the"
                                + " function with skipPermissions(true)");
            }
        }
        IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
        if (policy != null) {
            Nag.suppress(
                    policy,
                    Nag.rule(
                            "lambda:InvokeFunction on exactly the hook functions (and their versions, as CDK grants it)",
                            null,
                            "AwsSolutions-IAM5"),
                    Nag.inlinePolicy(ROLE_POLICY_REASON));
        }
        return role;
    }

    /**
     * Warns when a wait is shorter than the default alarms need to reach ALARM (they could fire too late). Only the
     * default alarms' timing is known here; user alarms have their own.
     */
    private void warnOnShortBakes() {
        double reactionMinutes =
                BlueGreenService.ALARM_EVALUATION_PERIODS * BlueGreenService.ALARM_PERIOD_SECONDS / 60.0;
        Map<String, Duration> waits = new LinkedHashMap<>();
        waits.put("bakeTime", bakeTime);
        if (trafficShift.getStepBakeTime() != null) {
            waits.put(
                    trafficShift.getStrategy() == DeploymentStrategy.CANARY
                            ? "trafficShift.canaryBakeTime"
                            : "trafficShift.stepBakeTime",
                    trafficShift.getStepBakeTime());
        }
        for (Map.Entry<String, Duration> w : waits.entrySet()) {
            if (!Shared.isUnresolved(w.getValue()) && Shared.toSeconds(w.getValue()) < reactionMinutes * 60) {
                Annotations.of(this)
                        .addWarningV2(
                                WARNING_BAKE_SHORTER_THAN_ALARM,
                                w.getKey() + " waits " + w.getValue().toHumanString() + ", less than the "
                                        + Check.fmt(reactionMinutes) + " minutes the rollback alarms need: a bad "
                                        + "release can move on (or lose its blue tasks) before an alarm fires");
            }
        }
    }

    // ---------------------------------------------------------------- getters

    /** @return the service released natively */
    public SecureFargateService getService() {
        return service;
    }

    /** @return the release name */
    public String getServiceName() {
        return serviceName;
    }

    /** @return how production traffic moves */
    public NativeTrafficShift getTrafficShift() {
        return trafficShift;
    }

    /** @return how long blue is kept after the production shift */
    public Duration getBakeTime() {
        return bakeTime;
    }

    /** @return the service's target group (blue) */
    public ApplicationTargetGroup getBlueTargetGroup() {
        return service.getTargetGroup();
    }

    /** @return the green target group */
    public ApplicationTargetGroup getGreenTargetGroup() {
        return greenTargetGroup;
    }

    /** @return the test listener */
    public ApplicationListener getTestListener() {
        return testListener;
    }

    /** @return the test listener's port */
    public Number getTestListenerPort() {
        return testListenerPort;
    }

    /** @return the production listener rule ECS re-weights */
    public ApplicationListenerRule getProductionRule() {
        return productionRule;
    }

    /** @return the test listener rule ECS points at green first */
    public ApplicationListenerRule getTestRule() {
        return testRule;
    }

    /** @return the role ECS assumes for the load balancer */
    public IRole getInfrastructureRole() {
        return infrastructureRole;
    }

    /** @return the role ECS invokes the hooks with; null without hooks */
    public @Nullable IRole getHookRole() {
        return hookRole;
    }

    /** @return the account whose pipeline may assume the reader role */
    @Override
    public String getPipelineAccount() {
        return pipelineAccount;
    }

    /** @return the role the pipeline assumes to read this stack and the service's deployments */
    @Override
    public Role getTaskDefinitionReaderRole() {
        return taskDefinitionReaderRole;
    }

    /** @return the alarms that fail (and roll back) a deployment */
    public List<IAlarm> getAlarms() {
        return alarms;
    }

    /** Builder of {@link NativeBlueGreenService}, with the setters of {@link NativeBlueGreenServiceProps.Builder}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final NativeBlueGreenServiceProps.Builder props = NativeBlueGreenServiceProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * @param scope parent
         * @param id    construct id
         * @return a new builder
         */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see NativeBlueGreenServiceProps#getService() */
        public Builder service(final SecureFargateService service) {
            props.service(service);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getServiceName() */
        public Builder serviceName(final String serviceName) {
            props.serviceName(serviceName);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTrafficShift() */
        public Builder trafficShift(final NativeTrafficShift trafficShift) {
            props.trafficShift(trafficShift);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getBakeTime() */
        public Builder bakeTime(final Duration bakeTime) {
            props.bakeTime(bakeTime);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTestListenerPort() */
        public Builder testListenerPort(final Number testListenerPort) {
            props.testListenerPort(testListenerPort);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTestTrafficSource() */
        public Builder testTrafficSource(final IPeer testTrafficSource) {
            props.testTrafficSource(testTrafficSource);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getCreateDefaultAlarms() */
        public Builder createDefaultAlarms(final Boolean createDefaultAlarms) {
            props.createDefaultAlarms(createDefaultAlarms);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getAlarms() */
        public Builder alarms(final List<IAlarm> alarms) {
            props.alarms(alarms);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getRollbackOnAlarm() */
        public Builder rollbackOnAlarm(final Boolean rollbackOnAlarm) {
            props.rollbackOnAlarm(rollbackOnAlarm);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTarget5xxThreshold() */
        public Builder target5xxThreshold(final Number target5xxThreshold) {
            props.target5xxThreshold(target5xxThreshold);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getLatencyThreshold() */
        public Builder latencyThreshold(final Duration latencyThreshold) {
            props.latencyThreshold(latencyThreshold);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            props.alertTopic(alertTopic);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getLifecycleHooks() */
        public Builder lifecycleHooks(final Map<DeploymentLifecycleStage, IFunction> lifecycleHooks) {
            props.lifecycleHooks(lifecycleHooks);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getHookRole() */
        public Builder hookRole(final IRole hookRole) {
            props.hookRole(hookRole);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getInfrastructureRole() */
        public Builder infrastructureRole(final IRole infrastructureRole) {
            props.infrastructureRole(infrastructureRole);
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getPipelineAccount() */
        public Builder pipelineAccount(final String pipelineAccount) {
            props.pipelineAccount(pipelineAccount);
            return this;
        }

        /** @return the construct */
        public NativeBlueGreenService build() {
            return new NativeBlueGreenService(scope, id, props.build());
        }
    }
}
