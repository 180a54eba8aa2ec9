package io.github.securefargate.bluegreen;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.service.SecureFargateService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.EcsApplication;
import software.amazon.awscdk.services.codedeploy.EcsBlueGreenDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroup;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.TrafficRouting;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Blue/green deployments of a {@link SecureFargateService} with CodeDeploy, safe by default.
 *
 * <p>Adds to the service (which must use the {@code CODE_DEPLOY} deployment controller, so that CloudFormation only
 * registers new task definition revisions and never updates the service's task definition):
 * <ul>
 *   <li>a green target group built from the service's settings: its port, health check and deregistration delay;</li>
 *   <li>a test listener on its own port with the production listener's certificate and TLS policy, open only to
 *       {@code testTrafficSource} (the VPC by default);</li>
 *   <li>a CodeDeploy ECS application and deployment group with fixed names ({@code serviceName}), a canary traffic
 *       shift by default, blue tasks kept {@value #DEFAULT_TERMINATION_WAIT_MINUTES} minutes after the shift, and
 *       automatic rollback when the deployment fails, is stopped or an alarm fires;</li>
 *   <li>rollback alarms on both target groups (5xx, unhealthy hosts) and on latency, 1-minute periods, so that a bad
 *       release is rolled back within 3 minutes of its first errors;</li>
 *   <li>two roles with fixed names that a pipeline (in {@code pipelineAccount}) assumes: one to read the registered
 *       task definition, one for the CodeDeploy deploy action.</li>
 * </ul>
 *
 * <pre>{@code
 * SecureFargateService service = SecureFargateService.Builder.create(this, "Service")
 *     .cluster(cluster.getCluster())
 *     .image(ContainerImage.fromAsset("app"))
 *     .certificate(certificate)
 *     .deploymentController(DeploymentControllerType.CODE_DEPLOY)
 *     .build();
 * BlueGreenService.Builder.create(this, "BlueGreen")
 *     .service(service)
 *     .serviceName("orders")
 *     .deploymentConfig(EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES)
 *     .build();
 * }</pre>
 */
public class BlueGreenService extends Construct implements IReleasableService {
    /** Default deployment configuration: 10 % of traffic for 5 minutes, then the rest. */
    public static final String DEFAULT_DEPLOYMENT_CONFIG_NAME = "CodeDeployDefault.ECSCanary10Percent5Minutes";
    /** The default deployment configuration, {@value #DEFAULT_DEPLOYMENT_CONFIG_NAME} (here and in a Toolchain stage). */
    public static final IEcsDeploymentConfig DEFAULT_DEPLOYMENT_CONFIG =
            EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES;
    /** Default port of the test listener. */
    public static final int DEFAULT_TEST_LISTENER_PORT = 8443;
    /** Default minutes the blue tasks keep running after traffic has shifted. */
    public static final int DEFAULT_TERMINATION_WAIT_MINUTES = 5;
    /** Longest termination and approval wait CodeDeploy accepts, in minutes (2 days). */
    public static final int MAX_WAIT_MINUTES = 2880;
    /** Default target 5xx responses per minute at which the 5xx alarms breach. */
    public static final int DEFAULT_TARGET_5XX_THRESHOLD = 5;
    /** Default p95 target response time, in milliseconds, at which the latency alarm breaches. */
    public static final int DEFAULT_LATENCY_THRESHOLD_MILLIS = 1000;
    /** Period of the default alarms, in seconds. */
    public static final int ALARM_PERIOD_SECONDS = 60;
    /** Evaluation periods of the default alarms. */
    public static final int ALARM_EVALUATION_PERIODS = 3;
    /** Breaching periods, within {@link #ALARM_EVALUATION_PERIODS}, that put a default alarm into ALARM. */
    public static final int ALARM_DATAPOINTS = 2;
    /** Number of alarms {@code createDefaultAlarms} creates. */
    public static final int DEFAULT_ALARM_COUNT = 5;
    /**
     * Most alarms a CodeDeploy deployment group accepts. {@link NativeBlueGreenService} keeps the same limit for its
     * deployment alarms, so that a service can move between the two modes with the same alarms.
     */
    public static final int MAX_ALARMS = 10;
    /** Latency statistic of the default latency alarm. */
    public static final String LATENCY_STATISTIC = "p95";
    /** Longest service name: keeps the role names within IAM's 64 characters. */
    public static final int MAX_SERVICE_NAME_LENGTH = 32;
    /** Suffix of the CodeDeploy action role's name: {@code <serviceName>-deploy-<region>}. */
    public static final String DEPLOY_ROLE_INFIX = "-deploy-";
    /** Suffix of the task-definition reader role's name: {@code <serviceName>-taskdef-<region>}. */
    public static final String READER_ROLE_INFIX = "-taskdef-";

    /** Warning id: the test listener is reachable from the internet. */
    public static final String WARNING_PUBLIC_TEST_LISTENER = "@securefargate/bluegreen:publicTestListener";

    /**
     * Actions of the reader role with no resource-level permissions: the registered task definitions, and the live
     * production listener for the pipeline's listener guard.
     */
    public static final List<String> READER_ACTIONS =
            List.of("ecs:DescribeTaskDefinition", "elasticloadbalancing:DescribeListeners");
    /** Actions of the reader role on the service's own stack. */
    public static final List<String> STACK_READER_ACTIONS =
            List.of("cloudformation:DescribeChangeSet", "cloudformation:DescribeStackResource");
    /** Actions the CodeDeploy deploy action needs on the application. */
    public static final List<String> APPLICATION_ACTIONS = List.of(
            "codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision");
    /** Actions the CodeDeploy deploy action needs on the deployment group. */
    public static final List<String> DEPLOYMENT_GROUP_ACTIONS =
            List.of("codedeploy:CreateDeployment", "codedeploy:GetDeployment");
    /** Actions the CodeDeploy deploy action needs to read pipeline artifacts. */
    public static final List<String> ARTIFACT_READ_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion");
    /** Actions the CodeDeploy deploy action needs on the pipeline's artifact keys. */
    public static final List<String> ARTIFACT_KEY_ACTIONS = List.of("kms:Decrypt", "kms:DescribeKey");

    private final SecureFargateService service;
    private final String serviceName;
    private final ApplicationTargetGroup greenTargetGroup;
    private final ApplicationListener testListener;
    private final Number testListenerPort;
    private final EcsApplication application;
    private final EcsDeploymentGroup deploymentGroup;
    private final IEcsDeploymentConfig deploymentConfig;
    private final List<IAlarm> alarms;
    private final Map<String, String> hookFunctionNames;
    private final PipelineRoles roles;
    private final String pipelineAccount;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public BlueGreenService(final Construct scope, final String id, final BlueGreenServiceProps props) {
        super(scope, id);
        Stack stack = Env.stack(this);

        // Defaults. Everything about the service comes from its typed getters (its resolved settings).
        this.service = props.getService();
        this.serviceName = props.getServiceName();
        Duration terminationWait =
                orDefault(props.getTerminationWaitTime(), Shared.minutes(DEFAULT_TERMINATION_WAIT_MINUTES));
        AlarmSettings alarmSettings = AlarmSettings.of(props);
        this.pipelineAccount = orDefault(props.getPipelineAccount(), Env.account(stack));

        // Validation.
        BlueGreenValidation.validate(this, service, serviceName, props, terminationWait, alarmSettings);
        // A token (e.g. CfnParameter.getValueAsNumber()) stays a token everywhere it flows.
        this.testListenerPort = GreenRouting.testListenerPort(this, service, props.getTestListenerPort());
        this.hookFunctionNames = LifecycleHooks.names(this, props.getLifecycleHooks());

        // Green target group from the service's settings; test listener on its own port, open to testSource only.
        ApplicationTargetGroup blue = service.getTargetGroup();
        this.greenTargetGroup = GreenRouting.greenTargetGroup(this, service);
        this.testListener = GreenRouting.testListener(this, service, testListenerPort, props.getTestTrafficSource());

        // Alarms that stop and roll back a deployment.
        this.alarms = DeploymentAlarms.all(this, serviceName, "CodeDeploy", service, greenTargetGroup, alarmSettings);

        // CodeDeploy.
        this.deploymentConfig = props.getTrafficRouting() != null
                ? EcsDeploymentConfig.Builder.create(this, "DeploymentConfig")
                        .trafficRouting(props.getTrafficRouting())
                        .build()
                : orDefault(props.getDeploymentConfig(), DEFAULT_DEPLOYMENT_CONFIG);
        this.application = EcsApplication.Builder.create(this, "Application")
                .applicationName(serviceName)
                .build();
        EcsBlueGreenDeploymentConfig.Builder blueGreen = EcsBlueGreenDeploymentConfig.builder()
                .blueTargetGroup(blue)
                .greenTargetGroup(greenTargetGroup)
                .listener(service.getListener())
                .testListener(testListener)
                .terminationWaitTime(terminationWait);
        if (props.getDeploymentApprovalWaitTime() != null) {
            blueGreen.deploymentApprovalWaitTime(props.getDeploymentApprovalWaitTime());
        }
        this.deploymentGroup = EcsDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .application(application)
                .deploymentGroupName(serviceName)
                .service(service.getService())
                .blueGreenDeploymentConfig(blueGreen.build())
                .deploymentConfig(deploymentConfig)
                .alarms(new ArrayList<>(alarms))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true)
                        .stoppedDeployment(true)
                        .deploymentInAlarm(alarmSettings.rollback())
                        .build())
                .build();
        LifecycleHooks.grant(deploymentGroup, props.getLifecycleHooks());

        // Roles the pipeline assumes, by name, from its own account.
        this.roles = new PipelineRoles(this, service, pipelineAccount, application, deploymentGroup, deploymentConfig);

        suppressInherentFindings();
    }

    /** Records, for cdk-nag, the findings that are inherent to what this construct is, each with its reason. */
    private void suppressInherentFindings() {
        roles.suppressInherentFindings();
        Nag.suppress(
                deploymentGroup.getRole(),
                "AWSCodeDeployRoleForECS is the service role policy AWS maintains for "
                        + "ECS blue/green deployments (task sets, listener rules, alarms, hooks named CodeDeployHook_*)",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS"),
                "AwsSolutions-IAM4");
        IConstruct dgPolicy = deploymentGroup.getRole().getNode().tryFindChild("DefaultPolicy");
        if (dgPolicy != null) {
            Nag.suppress(
                    dgPolicy,
                    Nag.inlinePolicy("Role-scoped policy generated by CDK grants (hook invocation) for the deployment "
                            + "group's role only"));
        }
    }

    // ---------------------------------------------------------------- getters

    /** @return the service deployed blue/green */
    public SecureFargateService getService() {
        return service;
    }

    /** @return the name of the CodeDeploy application and deployment group */
    public String getServiceName() {
        return serviceName;
    }

    /** @return the CodeDeploy application (named {@link #getServiceName()}) */
    public EcsApplication getApplication() {
        return application;
    }

    /** @return the CodeDeploy application's name */
    public String getApplicationName() {
        return serviceName;
    }

    /** @return the CodeDeploy deployment group (named {@link #getServiceName()}) */
    public EcsDeploymentGroup getDeploymentGroup() {
        return deploymentGroup;
    }

    /** @return the deployment group's name */
    public String getDeploymentGroupName() {
        return serviceName;
    }

    /** @return the deployment configuration */
    public IEcsDeploymentConfig getDeploymentConfig() {
        return deploymentConfig;
    }

    /** @return the blue target group (the service's own) */
    public ApplicationTargetGroup getBlueTargetGroup() {
        return service.getTargetGroup();
    }

    /** @return the green target group */
    public ApplicationTargetGroup getGreenTargetGroup() {
        return greenTargetGroup;
    }

    /** @return the production listener */
    public ApplicationListener getProductionListener() {
        return service.getListener();
    }

    /** @return the test listener */
    public ApplicationListener getTestListener() {
        return testListener;
    }

    /** @return the test listener's port: a whole number, or the token it was given as */
    public Number getTestListenerPort() {
        return testListenerPort;
    }

    /** @return every alarm that stops a deployment: the default alarms first, then {@code alarms} */
    public List<IAlarm> getAlarms() {
        return alarms;
    }

    /** @return the family of the service's task definition (new revisions are registered under it) */
    public String getTaskDefinitionFamily() {
        return service.getTaskDefinition().getFamily();
    }

    /** @return the container that receives load-balancer traffic */
    public String getContainerName() {
        return service.getContainerName();
    }

    /** @return its port: a whole number, or the token it was given as */
    public Number getContainerPort() {
        return service.getContainerPort();
    }

    /** @return the Fargate platform version of the service, as the AppSpec spells it */
    public String getPlatformVersion() {
        return Fargate.versionString(service.getPlatformVersion());
    }

    /** @return AppSpec event name ({@code AfterAllowTestTraffic}...) to hook function name, in lifecycle order */
    public Map<String, String> getLifecycleHookFunctionNames() {
        return hookFunctionNames;
    }

    /** @return the account whose principals may assume the two pipeline roles ({@code pipelineAccount}) */
    public String getPipelineAccount() {
        return pipelineAccount;
    }

    /** @return the role the pipeline's CodeDeploy action uses, named {@code <serviceName>-deploy-<region>} */
    public Role getDeployActionRole() {
        return roles.deployActionRole;
    }

    /** @return the role the pipeline reads task definitions with, named {@code <serviceName>-taskdef-<region>} */
    public Role getTaskDefinitionReaderRole() {
        return roles.taskDefinitionReaderRole;
    }

    /**
     * @param serviceName the service name
     * @param region      the Region of the service's stack
     * @return the name of the deploy action role of a service
     */
    public static String deployActionRoleName(final String serviceName, final String region) {
        return serviceName + DEPLOY_ROLE_INFIX + region;
    }

    /**
     * @param serviceName the service name
     * @param region      the Region of the service's stack
     * @return the name of the task-definition reader role of a service
     */
    public static String taskDefinitionReaderRoleName(final String serviceName, final String region) {
        return serviceName + READER_ROLE_INFIX + region;
    }

    /** Builder in the style of aws-cdk-lib: {@code BlueGreenService.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final BlueGreenServiceProps.Builder props = BlueGreenServiceProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for the construct {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see BlueGreenServiceProps#getService() */
        public Builder service(final SecureFargateService service) {
            props.service(service);
            return this;
        }

        /** @see BlueGreenServiceProps#getServiceName() */
        public Builder serviceName(final String serviceName) {
            props.serviceName(serviceName);
            return this;
        }

        /** @see BlueGreenServiceProps#getDeploymentConfig() */
        public Builder deploymentConfig(final IEcsDeploymentConfig deploymentConfig) {
            props.deploymentConfig(deploymentConfig);
            return this;
        }

        /** @see BlueGreenServiceProps#getTrafficRouting() */
        public Builder trafficRouting(final TrafficRouting trafficRouting) {
            props.trafficRouting(trafficRouting);
            return this;
        }

        /** @see BlueGreenServiceProps#getTestListenerPort() */
        public Builder testListenerPort(final Number testListenerPort) {
            props.testListenerPort(testListenerPort);
            return this;
        }

        /** @see BlueGreenServiceProps#getTestTrafficSource() */
        public Builder testTrafficSource(final IPeer testTrafficSource) {
            props.testTrafficSource(testTrafficSource);
            return this;
        }

        /** @see BlueGreenServiceProps#getTerminationWaitTime() */
        public Builder terminationWaitTime(final Duration terminationWaitTime) {
            props.terminationWaitTime(terminationWaitTime);
            return this;
        }

        /** @see BlueGreenServiceProps#getDeploymentApprovalWaitTime() */
        public Builder deploymentApprovalWaitTime(final Duration deploymentApprovalWaitTime) {
            props.deploymentApprovalWaitTime(deploymentApprovalWaitTime);
            return this;
        }

        /** @see BlueGreenServiceProps#getCreateDefaultAlarms() */
        public Builder createDefaultAlarms(final Boolean createDefaultAlarms) {
            props.createDefaultAlarms(createDefaultAlarms);
            return this;
        }

        /** @see BlueGreenServiceProps#getAlarms() */
        public Builder alarms(final List<IAlarm> alarms) {
            props.alarms(alarms);
            return this;
        }

        /** @see BlueGreenServiceProps#getRollbackOnAlarm() */
        public Builder rollbackOnAlarm(final Boolean rollbackOnAlarm) {
            props.rollbackOnAlarm(rollbackOnAlarm);
            return this;
        }

        /** @see BlueGreenServiceProps#getTarget5xxThreshold() */
        public Builder target5xxThreshold(final Number target5xxThreshold) {
            props.target5xxThreshold(target5xxThreshold);
            return this;
        }

        /** @see BlueGreenServiceProps#getLatencyThreshold() */
        public Builder latencyThreshold(final Duration latencyThreshold) {
            props.latencyThreshold(latencyThreshold);
            return this;
        }

        /** @see BlueGreenServiceProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            props.alertTopic(alertTopic);
            return this;
        }

        /** @see BlueGreenServiceProps#getLifecycleHooks() */
        public Builder lifecycleHooks(final Map<LifecycleEvent, IFunction> lifecycleHooks) {
            props.lifecycleHooks(lifecycleHooks);
            return this;
        }

        /** @see BlueGreenServiceProps#getPipelineAccount() */
        public Builder pipelineAccount(final String pipelineAccount) {
            props.pipelineAccount(pipelineAccount);
            return this;
        }

        /** @return the construct */
        public BlueGreenService build() {
            return new BlueGreenService(scope, id, props.build());
        }
    }
}
