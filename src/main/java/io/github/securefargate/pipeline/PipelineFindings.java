package io.github.securefargate.pipeline;

import io.github.securefargate.internal.ConstructTree;
import io.github.securefargate.internal.Nag;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codepipeline.CrossRegionSupport;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IConstruct;

/**
 * What a {@link Toolchain} records about the resources CDK Pipelines creates for it: the cdk-nag findings that come
 * with a CDK Pipelines toolchain (not the user's choices, such as buckets without Cross-Region Replication), and the
 * hardening of CodePipeline's cross-Region replication buckets.
 *
 * <p>Not part of the public API.
 */
final class PipelineFindings {
    private PipelineFindings() {}

    /** Records, for cdk-nag, the findings that are inherent to a CDK Pipelines toolchain, each with its reason. */
    static void suppressInherent(final CodePipeline pipeline, final boolean selfMutation) {
        // The policies that also have a finding of their own, found first so that each policy's suppressions are
        // written in one call (one metadata read and write); that rule comes last, as when it was a second call.
        Map<IConstruct, Nag.Rule> own = ownFindings(pipeline, selfMutation);
        for (IConstruct c : ConstructTree.candidates(pipeline, Policy.class, CfnProject.class)) {
            if (c instanceof Policy) {
                Nag.Rule inline = Nag.inlinePolicy(
                        "Role-scoped policy that CDK Pipelines generates for one pipeline role; versioned and "
                                + "deployed with the toolchain");
                Nag.Rule grants = Nag.rule(
                        "Grants CDK Pipelines generates on the toolchain's own artifact and replication "
                                + "buckets and key (object-level wildcards) and on each CodeBuild project's own "
                                + "log group and report groups (names end in a generated suffix)",
                        List.of(
                                "/^Action::(s3:(Abort|DeleteObject|GetBucket|GetObject|List)|kms:(GenerateDataKey|ReEncrypt))"
                                        + "\\*$/",
                                "/^Resource::<[A-Za-z0-9]+\\.Arn>\\/\\*$/",
                                "/^Resource::arn:[^:]+:s3:::[a-z0-9.-]+\\/\\*$/",
                                "/^Resource::arn:[^:]+:logs:[^:]+:[0-9]+:log-group:\\/aws\\/codebuild\\/.*$/",
                                "/^Resource::arn:[^:]+:codebuild:[^:]+:[0-9]+:report-group\\/.*$/"),
                        "AwsSolutions-IAM5");
                Nag.Rule extra = own.remove(c);
                if (extra == null) {
                    Nag.suppress(c, inline, grants);
                } else {
                    Nag.suppress(c, inline, grants, extra);
                }
            }
            if (c instanceof CfnProject) {
                Nag.suppress(
                        c,
                        "The project's source is the CodePipeline artifact (type CODEPIPELINE): it has no "
                                + "repository URL and holds no source credentials",
                        null,
                        "HIPAA.Security-CodeBuildProjectSourceRepoUrl",
                        "PCI.DSS.321-CodeBuildProjectSourceRepoUrl");
            }
        }
        own.forEach(Nag::suppress); // none expected: each of these policies is below the pipeline
        hardenReplicationBuckets(pipeline);
    }

    /** @return the pipeline's policies that have a finding of their own, each with that rule (identity: jsii proxies) */
    private static Map<IConstruct, Nag.Rule> ownFindings(final CodePipeline pipeline, final boolean selfMutation) {
        Map<IConstruct, Nag.Rule> own = new IdentityHashMap<>();
        IConstruct pipelinePolicy = pipeline.getPipeline().getRole().getNode().tryFindChild("DefaultPolicy");
        if (pipelinePolicy != null) {
            own.put(
                    pipelinePolicy,
                    Nag.rule(
                            "CodePipeline uses the replication keys of its cross-Region support stacks, which it "
                                    + "references by alias; the statement allows only key use, no key administration",
                            List.of("Resource::*"),
                            "AwsSolutions-IAM5"));
        }
        IConstruct assets = pipeline.getNode().tryFindChild("Assets");
        for (String role : List.of("FileRole", "DockerRole")) {
            IConstruct r = assets == null ? null : assets.getNode().tryFindChild(role);
            IConstruct policy = r == null ? null : r.getNode().tryFindChild("DefaultPolicy");
            if (policy != null) {
                own.put(
                        policy,
                        Nag.rule(
                                "CDK Pipelines' asset-publishing role is also the CodePipeline action role that "
                                        + "starts its CodeBuild projects, whose names it does not know when the role "
                                        + "is created",
                                List.of("Resource::*"),
                                "AwsSolutions-IAM5"));
            }
        }
        if (selfMutation) {
            IConstruct policy =
                    pipeline.getSelfMutationProject().getRole().getNode().tryFindChild("DefaultPolicy");
            if (policy != null) {
                own.put(
                        policy,
                        Nag.rule(
                                "Self-mutation, narrowed from CDK's default: it may assume only the CDK "
                                        + "bootstrap roles tagged file-publishing or deploy of the pipeline account in "
                                        + "the Regions of the pipeline and its support stacks, read the pipeline "
                                        + "account's stacks and list its bootstrap asset buckets, whose names carry "
                                        + "the qualifier and Region",
                                List.of(
                                        "/^Resource::arn:[^:]+:iam::[0-9]+:role\\/cdk-\\*-[0-9]+-[a-z0-9-]+$/",
                                        "/^Resource::arn:[^:]+:cloudformation:\\*:[0-9]+:stack\\/\\*$/",
                                        "/^Resource::arn:[^:]+:s3:::cdk-\\*-assets-[0-9]+-\\*$/"),
                                "AwsSolutions-IAM5"));
            }
        }
        return own;
    }

    /**
     * CodePipeline creates a replication bucket per other Region in a support stack of the toolchain account. Version
     * it like the artifact bucket and record why the rest does not apply.
     */
    private static void hardenReplicationBuckets(final CodePipeline pipeline) {
        for (CrossRegionSupport support :
                pipeline.getPipeline().getCrossRegionSupport().values()) {
            IBucket bucket = support.getReplicationBucket();
            IConstruct resource = bucket.getNode().getDefaultChild();
            if (resource instanceof CfnBucket) {
                CfnBucket cfn = (CfnBucket) resource;
                // CDK gives the bucket a fixed generated name (the pipeline in another Region names it) and retains
                // it, while its key is deleted with the support stack: a kept bucket holds only ciphertext of a
                // deleted key, and makes the next deploy of the support stack fail ("already exists"). It holds
                // transient copies of artifacts: delete it with the stack (empty it first, see the README).
                cfn.applyRemovalPolicy(RemovalPolicy.DESTROY);
                cfn.setVersioningConfiguration(CfnBucket.VersioningConfigurationProperty.builder()
                        .status("Enabled")
                        .build());
                cfn.setLifecycleConfiguration(CfnBucket.LifecycleConfigurationProperty.builder()
                        .rules(List.of(CfnBucket.RuleProperty.builder()
                                .id("ExpireOldArtifactVersions")
                                .status("Enabled")
                                .noncurrentVersionExpiration(CfnBucket.NoncurrentVersionExpirationProperty.builder()
                                        .noncurrentDays(Toolchain.NONCURRENT_ARTIFACT_DAYS)
                                        .build())
                                .abortIncompleteMultipartUpload(
                                        CfnBucket.AbortIncompleteMultipartUploadProperty.builder()
                                                .daysAfterInitiation(7)
                                                .build())
                                .build()))
                        .build());
                Nag.suppress(
                        cfn,
                        "CodePipeline's replication bucket for actions in another Region holds only "
                                + "transient, KMS-encrypted copies of pipeline artifacts; access is through the pipeline's "
                                + "roles and CloudTrail records it. Access-logging it adds nothing",
                        null,
                        "AwsSolutions-S1",
                        "NIST.800.53.R5-S3BucketLoggingEnabled",
                        "HIPAA.Security-S3BucketLoggingEnabled",
                        "PCI.DSS.321-S3BucketLoggingEnabled");
            }
        }
    }
}
