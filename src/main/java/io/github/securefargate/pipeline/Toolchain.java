package io.github.securefargate.pipeline;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.IReleasableService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.bluegreen.NativeTrafficShift;
import io.github.securefargate.internal.AccessLogBuckets;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.ResourcePolicies;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.internal.Shared;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.pipelines.AddStageOpts;
import software.amazon.awscdk.pipelines.CodeBuildOptions;
import software.amazon.awscdk.pipelines.CodeBuildStep;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ManualApprovalStep;
import software.amazon.awscdk.pipelines.StackSteps;
import software.amazon.awscdk.pipelines.Step;
import software.amazon.awscdk.pipelines.Wave;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * A self-mutating, cross-account CDK Pipelines pipeline (type V2) that deploys blue/green services stage by stage.
 *
 * <p>For every stage, in order: optional manual approval; deploy the stage's stacks (created by the
 * {@link ServiceStageFactory}; CloudFormation registers the new task definition revision but, under the
 * {@code CODE_DEPLOY} controller, never touches the running service), with a {@link ListenerGuard} step between the
 * creation and the execution of the service stack's change set; a release step that reads the registered task
 * definition in the stage's account and writes {@code taskdef.json}, {@code appspec.yaml} and {@code imageDetail.json}
 * with {@link DeploymentArtifacts}; then a {@link CodeDeployEcsStep} that shifts traffic with CodeDeploy and rolls back
 * on failure or alarm. A native stage ({@link ToolchainStage#getTrafficShift()}, a {@code NativeBlueGreenService})
 * deploys through CloudFormation alone, with a routing guard on its change set, then verifies that ECS finished the
 * deployment without a rollback ({@value #VERIFY_STEP_ID}).
 *
 * <p>Artifacts are encrypted with a customer-managed, rotated key ({@code crossAccountKeys}) in a versioned, TLS-only
 * bucket. The self-mutation project may assume only the CDK bootstrap roles tagged {@code file-publishing} or
 * {@code deploy} of the pipeline account, in the pipeline's Region and the Regions of its cross-Region support stacks:
 * the stacks it deploys. It cannot reach a stage account, so it cannot deploy to Prod around the approval. The artifact
 * stores grant the stage roles through their account with an {@code aws:PrincipalArn} condition
 * ({@link StageRolePrincipals}), so the toolchain deploys before any stage exists.
 *
 * <p>The construct belongs in a stack of the toolchain account with an explicit account and Region.
 *
 * <pre>{@code
 * Toolchain.Builder.create(this, "Toolchain")
 *     .source(CodePipelineSource.connection("org/repo", "main", ConnectionSourceOptions.builder()
 *         .connectionArn(connectionArn).build()))
 *     .serviceStage((stage, settings) -> new MyServiceStack(stage, "Service", settings).getBlueGreen())
 *     .addStage("UAT", EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES, uatEnv)
 *     .addStage(ToolchainStage.builder().name("Prod").env(prodEnv).manualApproval(true).build())
 *     .build();
 * }</pre>
 */
public class Toolchain extends Construct {
    /**
     * Default synth commands ({@link #defaultSynthCommands} of {@link #DEFAULT_CLI_VERSION}): install the pinned CDK CLI,
     * build and test with Maven, synthesize. They need only what {@code cdk init app --language java} creates (no
     * {@code package.json}), and read context only from the committed {@code cdk.json} and {@code cdk.context.json}.
     */
    public static final List<String> DEFAULT_SYNTH_COMMANDS = defaultSynthCommands(Toolchain.DEFAULT_CLI_VERSION);
    /** File the classpath commands write, relative to the source root. */
    public static final String CLASSPATH_FILE = "target/release-classpath.txt";
    /** Default classpath commands: compile and let Maven write the runtime classpath. */
    public static final List<String> DEFAULT_CLASSPATH_COMMANDS =
            List.of("mvn -B -q compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="
                    + CLASSPATH_FILE);
    /** Default CodeBuild runtime versions. */
    public static final Map<String, String> DEFAULT_RUNTIME_VERSIONS =
            Collections.unmodifiableMap(new java.util.TreeMap<>(Map.of("java", "corretto17", "nodejs", "22")));
    /** Directory the release step writes the three deployment files to. */
    public static final String RELEASE_DIRECTORY = "release";
    /** Id of each stage's release step (and its action's name). */
    public static final String RELEASE_STEP_ID = "PrepareRelease";
    /** Id of each stage's CodeDeploy step (and its action's name). */
    public static final String DEPLOY_STEP_ID = "DeployBlueGreen";
    /** Id of each stage's listener guard step, between its change set's creation and execution. */
    public static final String LISTENER_GUARD_STEP_ID = "GuardListener";
    /** Id of the manual approval step of a stage that asks for one. */
    public static final String APPROVAL_STEP_ID = "Approve";
    /** Id of a native stage's routing guard step, between its change set's creation and execution. */
    public static final String ROUTING_GUARD_STEP_ID = "GuardRouting";
    /** Id of the step of a native stage that fails unless ECS finished the deployment without a rollback. */
    public static final String VERIFY_STEP_ID = "VerifyDeployment";
    /** Bootstrap role tags the self-mutation project may assume. */
    public static final List<String> SELF_MUTATION_BOOTSTRAP_ROLES = List.of("file-publishing", "deploy");
    /** Days noncurrent artifact versions are kept. */
    public static final int NONCURRENT_ARTIFACT_DAYS = 30;
    /** Key prefix of the artifact bucket's access logs in the access-log bucket. */
    public static final String ACCESS_LOG_PREFIX = "artifacts/";
    /** Days access logs of the artifact bucket are kept. */
    public static final int ACCESS_LOG_RETENTION_DAYS = AccessLogBuckets.RETENTION_DAYS;

    private final CodePipeline pipeline;
    private final Bucket artifactBucket;
    private final Key artifactKey;
    private final IBucket accessLogsBucket;
    private final List<ToolchainStage> stages;
    private final Map<String, Stage> cdkStages = new LinkedHashMap<>();
    private final Map<String, BlueGreenService> services = new LinkedHashMap<>();
    private final Map<String, NativeBlueGreenService> nativeServices = new LinkedHashMap<>();
    private final Map<String, CodeBuildStep> verifySteps = new LinkedHashMap<>();
    private final Map<String, CodeBuildStep> releaseSteps = new LinkedHashMap<>();
    private final Map<String, CodeDeployEcsStep> deploySteps = new LinkedHashMap<>();
    private final Map<String, CodeBuildStep> listenerGuards = new LinkedHashMap<>();
    /** ARN of every role a stage creates for the pipeline, to the stage's account. */
    private final Map<String, String> stageRoles = new LinkedHashMap<>();
    /** {@code account/region/serviceName} of each stage's service, to the stage's name. */
    private final Map<String, String> serviceTargets = new LinkedHashMap<>();

    private final boolean selfMutation;

    /** Default version of the AWS CDK CLI installed by the self-mutation step (the one package.json pins). */
    public static final String DEFAULT_CLI_VERSION = "2.1148.1";
    /** Default version of cdk-assets for asset publishing (the npm release current with this library). */
    public static final String DEFAULT_CDK_ASSETS_VERSION = "4.7.3";

    /**
     * The default synth commands for a CLI version: {@code npm install -g aws-cdk@<version>} (what CDK Pipelines' own
     * self-mutation step runs), {@code mvn -B -q package}, {@code cdk synth --quiet}. No {@code npm ci}: a repository
     * made by {@code cdk init app --language java} has no {@code package.json} or lock file.
     *
     * @param cliVersion the CDK CLI version
     * @return the commands
     */
    public static List<String> defaultSynthCommands(final String cliVersion) {
        return List.of("npm install -g aws-cdk@" + cliVersion, "mvn -B -q package", "cdk synth --quiet");
    }

    /**
     * @param scope parent, in a stack with an explicit account and Region
     * @param id    construct id
     * @param props properties
     */
    public Toolchain(final Construct scope, final String id, final ToolchainProps props) {
        super(scope, id);
        Stack stack = Env.stack(this);

        // Defaults.
        this.stages = props.getStages() != null ? props.getStages() : List.of();
        String cliVersion = orDefault(props.getCliVersion(), DEFAULT_CLI_VERSION);
        List<String> synthCommands = orDefault(props.getSynthCommands(), defaultSynthCommands(cliVersion));
        List<String> classpathCommands = orDefault(props.getClasspathCommands(), DEFAULT_CLASSPATH_COMMANDS);
        Map<String, String> runtimeVersions = orDefault(props.getRuntimeVersions(), DEFAULT_RUNTIME_VERSIONS);
        this.selfMutation = orDefault(props.getSelfMutation(), Boolean.TRUE);

        // Validation (a toolchain without stages is reported when construction is finished).
        ToolchainValidation.validate(this, stack, stages);
        Rules.pipelineName(this, "pipelineName", props.getPipelineName());
        Rules.cliVersion(this, "cliVersion", props.getCliVersion());
        Rules.exactVersion(this, "cdkAssetsVersion", props.getCdkAssetsVersion());
        getNode()
                .addValidation(() -> stages.isEmpty()
                        ? List.of(Check.path(this)
                                + ": stages must contain at least one stage, got none; add one with "
                                + "addStage(name, deploymentConfig, env) or addStage(name, trafficShift, env)")
                        : List.of());

        // Artifact store: customer-managed rotated key, versioned, TLS-only, access-logged bucket.
        this.accessLogsBucket = props.getAccessLogsBucket() != null
                ? props.getAccessLogsBucket()
                : AccessLogBuckets.create(
                        this,
                        "S3 server access logs can only be delivered to SSE-S3 buckets (the "
                                + "log delivery service cannot use SSE-KMS)");
        this.artifactKey = Keys.create(this, "ArtifactsKey", "Encrypts the pipeline artifacts of " + Check.path(this));
        this.artifactBucket = AccessLogBuckets.hardened(Bucket.Builder.create(this, "ArtifactsBucket"))
                .encryption(BucketEncryption.KMS)
                .encryptionKey(artifactKey)
                .bucketKeyEnabled(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireOldArtifactVersions")
                        .noncurrentVersionExpiration(Shared.days(NONCURRENT_ARTIFACT_DAYS))
                        .abortIncompleteMultipartUploadAfter(Shared.days(7))
                        .build()))
                .build();
        logArtifactAccess(stack);

        // Pipeline.
        CodeBuildStep synth = CodeBuildStep.Builder.create("Synth")
                .input(props.getSource())
                .commands(synthCommands)
                .primaryOutputDirectory("cdk.out")
                .build();
        this.pipeline = CodePipeline.Builder.create(this, "Pipeline")
                .pipelineName(props.getPipelineName())
                .pipelineType(PipelineType.V2)
                .synth(synth)
                .crossAccountKeys(true)
                .enableKeyRotation(true)
                .selfMutation(selfMutation)
                .cliVersion(cliVersion)
                .cdkAssetsCliVersion(orDefault(props.getCdkAssetsVersion(), DEFAULT_CDK_ASSETS_VERSION))
                .artifactBucket(artifactBucket)
                .codeBuildDefaults(CodeBuildOptions.builder()
                        .buildEnvironment(BuildEnvironment.builder()
                                .buildImage(LinuxBuildImage.STANDARD_7_0)
                                .build())
                        .partialBuildSpec(BuildSpec.fromObject(Map.of(
                                "phases",
                                Map.of(
                                        "install",
                                        Map.of("runtime-versions", new java.util.TreeMap<>(runtimeVersions))))))
                        .build())
                .build();

        // Stages, grouped in waves.
        Map<String, Wave> waves = new LinkedHashMap<>();
        for (ToolchainStage settings : stages) {
            addServiceStage(stack, props, settings, classpathCommands, waves);
        }

        if (!stages.isEmpty()) {
            pipeline.buildPipeline();
            if (selfMutation) {
                SelfMutation.narrow(this, pipeline);
            }
            grantStageRolesThroughTheirAccounts();
            PipelineFindings.suppressInherent(pipeline, selfMutation);
        }
    }

    private void addServiceStage(
            final Stack stack,
            final ToolchainProps props,
            final ToolchainStage given,
            final List<String> classpathCommands,
            final Map<String, Wave> waves) {
        boolean nativeStage = given.getTrafficShift() != null;
        ToolchainStage settings = ToolchainStage.builder()
                .name(given.getName())
                .env(given.getEnv())
                .deploymentConfig(
                        nativeStage
                                ? null
                                : orDefault(given.getDeploymentConfig(), BlueGreenService.DEFAULT_DEPLOYMENT_CONFIG))
                .trafficShift(given.getTrafficShift())
                .manualApproval(orDefault(given.getManualApproval(), Boolean.FALSE))
                .wave(orDefault(given.getWave(), given.getName()))
                .build();
        String name = settings.getName();
        String account = settings.getEnv().getAccount();
        String region = settings.getEnv().getRegion();
        Stage stage = new Stage(
                this, name, StageProps.builder().env(settings.getEnv()).build());
        IReleasableService released = props.getServiceStage().create(stage, settings);
        ToolchainValidation.serviceOfItsKind(this, released, stage, nativeStage);
        ToolchainValidation.uniqueTarget(this, serviceTargets, account, region, released.getServiceName(), name);
        cdkStages.put(name, stage);
        Wave wave = waves.computeIfAbsent(settings.getWave(), pipeline::addWave);
        List<Step> pre = Boolean.TRUE.equals(settings.getManualApproval())
                ? List.of(new ManualApprovalStep(APPROVAL_STEP_ID))
                : List.of();
        if (nativeStage) {
            NativeBlueGreenService service = (NativeBlueGreenService) released;
            nativeServices.put(name, service);
            String readerRoleArn = NativeStageSteps.readerRoleArn(this, service, account, region, Env.account(stack));
            stageRoles.put(readerRoleArn, account);
            CodeBuildStep guard = NativeStageSteps.routingGuard(props, service, readerRoleArn, classpathCommands);
            listenerGuards.put(name, guard);
            CodeBuildStep verify = NativeStageSteps.verifyDeployment(props, service, readerRoleArn);
            verifySteps.put(name, verify);
            wave.addStage(
                    stage,
                    AddStageOpts.builder()
                            .pre(pre)
                            .stackSteps(List.of(StackSteps.builder()
                                    .stack(Env.stack(service))
                                    .changeSet(List.of(guard))
                                    .build()))
                            .post(List.of(verify))
                            .build());
            return;
        }
        BlueGreenService service = (BlueGreenService) released;
        ReleaseSteps.validate(this, service, Env.account(stack), account);
        services.put(name, service);

        String readerRoleArn = Env.roleArn(
                stack, account, BlueGreenService.taskDefinitionReaderRoleName(service.getServiceName(), region));
        String deployRoleName = BlueGreenService.deployActionRoleName(service.getServiceName(), region);
        stageRoles.put(readerRoleArn, account);
        stageRoles.put(Env.roleArn(stack, account, deployRoleName), account);
        CodeBuildStep release = ReleaseSteps.release(props, service, readerRoleArn, classpathCommands);
        CodeDeployEcsStep deploy = new CodeDeployEcsStep(
                DEPLOY_STEP_ID,
                release.getPrimaryOutput(),
                service.getApplicationName(),
                service.getDeploymentGroupName(),
                account,
                region,
                deployRoleName);
        releaseSteps.put(name, release);
        deploySteps.put(name, deploy);

        CodeBuildStep guard = ReleaseSteps.listenerGuard(props, service, readerRoleArn, classpathCommands);
        listenerGuards.put(name, guard);

        wave.addStage(
                stage,
                AddStageOpts.builder()
                        .pre(pre)
                        .stackSteps(List.of(StackSteps.builder()
                                .stack(Env.stack(service))
                                .changeSet(List.of(guard))
                                .build()))
                        .post(List.of(release, deploy))
                        .build());
    }

    /**
     * The artifact stores (this stack's bucket and key, and the replication bucket and key of each cross-Region support
     * stack) name no stage role, which does not exist when they are deployed: see {@link StageRolePrincipals}.
     */
    private void grantStageRolesThroughTheirAccounts() {
        StageRolePrincipals principals = new StageRolePrincipals(stageRoles);
        principals.applyTo(artifactBucket);
        principals.applyTo(artifactKey);
        for (software.amazon.awscdk.services.codepipeline.CrossRegionSupport support :
                pipeline.getPipeline().getCrossRegionSupport().values()) {
            principals.applyTo(support.getStack());
        }
    }

    /**
     * Server access logs of the artifact bucket, delivered through a bucket policy for the S3 logging service, as AWS
     * recommends for buckets with {@code BucketOwnerEnforced} object ownership (which rejects the log-delivery ACL):
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html. Written here rather than
     * with the L2's {@code serverAccessLogsBucket}, which picks ACL or policy by the feature flag
     * {@code @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy} and fails in an app without it.
     */
    private void logArtifactAccess(final Stack stack) {
        CfnBucket cfn = (CfnBucket) artifactBucket.getNode().getDefaultChild();
        cfn.setLoggingConfiguration(CfnBucket.LoggingConfigurationProperty.builder()
                .destinationBucketName(accessLogsBucket.getBucketName())
                .logFilePrefix(ACCESS_LOG_PREFIX)
                .build());
        PolicyStatement.Builder delivery = PolicyStatement.Builder.create()
                .principals(List.of(Shared.service("logging.s3.amazonaws.com")))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(accessLogsBucket.arnForObjects(ACCESS_LOG_PREFIX + "*")));
        if (accessLogsBucket instanceof Bucket
                && Env.stack(accessLogsBucket).getNode().getPath().equals(Check.path(stack))) {
            delivery.conditions(Map.of(
                    "ArnLike",
                    Map.of("aws:SourceArn", artifactBucket.getBucketArn()),
                    "StringEquals",
                    Map.of("aws:SourceAccount", Env.account(stack))));
        }
        ResourcePolicies.add(accessLogsBucket, delivery.build());
    }

    // ---------------------------------------------------------------- getters

    /** @return the CDK Pipelines pipeline (already built) */
    public CodePipeline getPipeline() {
        return pipeline;
    }

    /** @return the artifact bucket */
    public Bucket getArtifactBucket() {
        return artifactBucket;
    }

    /** @return the key that encrypts the artifacts */
    public Key getArtifactKey() {
        return artifactKey;
    }

    /** @return the bucket that receives the artifact bucket's access logs */
    public IBucket getAccessLogsBucket() {
        return accessLogsBucket;
    }

    /** @return the stage settings, in order */
    public List<ToolchainStage> getStages() {
        return Collections.unmodifiableList(stages);
    }

    /** @return the CDK Stage of each stage, by name, in order */
    public Map<String, Stage> getCdkStages() {
        return Collections.unmodifiableMap(cdkStages);
    }

    /** @return the CodeDeploy service of each CodeDeploy stage, by stage name ({@link #getNativeServices()} for the others) */
    public Map<String, BlueGreenService> getServices() {
        return Collections.unmodifiableMap(services);
    }

    /** @return the release step of each stage, by stage name */
    public Map<String, CodeBuildStep> getReleaseSteps() {
        return Collections.unmodifiableMap(releaseSteps);
    }

    /** @return the native service of each native stage, by stage name */
    public Map<String, NativeBlueGreenService> getNativeServices() {
        return java.util.Collections.unmodifiableMap(nativeServices);
    }

    /** @return the step of each native stage that verifies ECS finished the deployment, by stage name */
    public Map<String, CodeBuildStep> getVerifySteps() {
        return java.util.Collections.unmodifiableMap(verifySteps);
    }

    /**
     * @return the guard step of each stage ({@link ListenerGuard}), by stage name: {@value #LISTENER_GUARD_STEP_ID} of a
     *     CodeDeploy stage, {@value #ROUTING_GUARD_STEP_ID} of a native one
     */
    public Map<String, CodeBuildStep> getListenerGuardSteps() {
        return Collections.unmodifiableMap(listenerGuards);
    }

    /** @return the CodeDeploy step of each stage, by stage name */
    public Map<String, CodeDeployEcsStep> getDeploySteps() {
        return Collections.unmodifiableMap(deploySteps);
    }

    /** Builder in the style of aws-cdk-lib: {@code Toolchain.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final ToolchainProps.Builder props = ToolchainProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for the construct {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see ToolchainProps#getSource() */
        public Builder source(final CodePipelineSource source) {
            props.source(source);
            return this;
        }

        /** @see ToolchainProps#getServiceStage() */
        public Builder serviceStage(final ServiceStageFactory serviceStage) {
            props.serviceStage(serviceStage);
            return this;
        }

        /** @see ToolchainProps#getStages() */
        public Builder stages(final List<ToolchainStage> stages) {
            props.stages(stages);
            return this;
        }

        /**
         * Adds a stage that deploys without approval, in a wave of its own.
         *
         * @param name             stage name
         * @param deploymentConfig how CodeDeploy shifts traffic
         * @param env              account and Region
         * @return this builder
         */
        public Builder addStage(final String name, final IEcsDeploymentConfig deploymentConfig, final Environment env) {
            props.addStage(name, deploymentConfig, env);
            return this;
        }

        /**
         * Adds a native stage: ECS shifts traffic with {@code trafficShift}, the stage deploys through CloudFormation
         * alone and fails when ECS rolls the deployment back.
         *
         * @param name         stage name
         * @param trafficShift how ECS shifts production traffic in this stage
         * @param env          account and Region
         * @return this builder
         */
        public Builder addStage(final String name, final NativeTrafficShift trafficShift, final Environment env) {
            props.addStage(name, trafficShift, env);
            return this;
        }

        /**
         * Adds a stage.
         *
         * @param stage the stage's settings
         * @return this builder
         */
        public Builder addStage(final ToolchainStage stage) {
            props.addStage(stage);
            return this;
        }

        /** @see ToolchainProps#getPipelineName() */
        public Builder pipelineName(final String pipelineName) {
            props.pipelineName(pipelineName);
            return this;
        }

        /** @see ToolchainProps#getSynthCommands() */
        public Builder synthCommands(final List<String> synthCommands) {
            props.synthCommands(synthCommands);
            return this;
        }

        /** @see ToolchainProps#getClasspathCommands() */
        public Builder classpathCommands(final List<String> classpathCommands) {
            props.classpathCommands(classpathCommands);
            return this;
        }

        /** @see ToolchainProps#getRuntimeVersions() */
        public Builder runtimeVersions(final Map<String, String> runtimeVersions) {
            props.runtimeVersions(runtimeVersions);
            return this;
        }

        /** @see ToolchainProps#getCdkAssetsVersion() */
        public Builder cdkAssetsVersion(final String cdkAssetsVersion) {
            props.cdkAssetsVersion(cdkAssetsVersion);
            return this;
        }

        /** @see ToolchainProps#getCliVersion() */
        public Builder cliVersion(final String cliVersion) {
            props.cliVersion(cliVersion);
            return this;
        }

        /** @see ToolchainProps#getSelfMutation() */
        public Builder selfMutation(final Boolean selfMutation) {
            props.selfMutation(selfMutation);
            return this;
        }

        /** @see ToolchainProps#getAccessLogsBucket() */
        public Builder accessLogsBucket(final IBucket accessLogsBucket) {
            props.accessLogsBucket(accessLogsBucket);
            return this;
        }

        /** @return the construct */
        public Toolchain build() {
            return new Toolchain(scope, id, props.build());
        }
    }
}
