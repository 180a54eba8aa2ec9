package io.github.securefargate.internal;

import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codedeploy.TimeBasedCanaryTrafficRouting;
import software.amazon.awscdk.services.codedeploy.TimeBasedLinearTrafficRouting;
import software.amazon.awscdk.services.codedeploy.TrafficRouting;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IConstruct;

/**
 * The AWS naming and range rules the library checks at synth time, each written once so that every construct applies
 * the same rule with the same message. Every check skips unresolved tokens and throws the library's
 * {@link io.github.securefargate.ValidationException} through {@link Check}.
 *
 * <p>Not part of the public API.
 */
public final class Rules {
    /** An AWS account id: 12 digits. */
    public static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /**
     * A Region name as AWS documents them (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html):
     * lower case, a 2-4 letter area, one or more words, a number: {@code eu-west-1}, {@code us-gov-west-1},
     * {@code ap-southeast-5}, {@code eusc-de-east-1}.
     */
    public static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
    /** What {@link #REGION} allows, in words. */
    public static final String REGION_RULE = "a Region name such as eu-west-1 (lower case letters, '-', a number)";

    /**
     * Longest stage name: with {@code -<stack id>} it stays within CloudFormation's 128-character stack names.
     */
    public static final int MAX_STAGE_NAME_LENGTH = 64;
    /**
     * A CDK Pipelines stage name. It prefixes the names of the stage's stacks ({@code <stage>-<stack>}), which
     * CloudFormation allows to hold only letters, digits and hyphens, starting with a letter
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html): no underscores.
     */
    public static final Pattern STAGE_NAME =
            Pattern.compile("[A-Za-z][A-Za-z0-9-]{0," + (MAX_STAGE_NAME_LENGTH - 1) + "}");

    /** CodePipeline pipeline names (API_CreatePipeline, PipelineName): 1-100 of {@code [A-Za-z0-9.@_-]}. */
    public static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");

    /** CodePipeline stage names (API_StageDeclaration, StageName): 1-100 of {@code [A-Za-z0-9.@_-]}. */
    public static final Pattern PIPELINE_STAGE_NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");

    /** An exact npm version ({@code 4.7.3}, {@code 4.8.0-rc.1}): no range, tag or {@code latest}. */
    public static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");

    /** ECS container names (API_ContainerDefinition, name): up to 255 letters, digits, hyphens and underscores. */
    public static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    /** Longest SNS topic display name (SMS sender name and e-mail "From"), in characters. */
    public static final int MAX_TOPIC_DISPLAY_NAME_LENGTH = 100;

    /** Longest target-group health-check path (ELBv2 API_CreateTargetGroup, HealthCheckPath: 1-1024). */
    public static final int MAX_HEALTH_CHECK_PATH_LENGTH = 1024;

    /**
     * Smallest and largest percentage of a custom CodeDeploy canary or linear shift. CodeDeploy's API types it as an
     * integer (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TimeBasedCanary.html,
     * API_TimeBasedLinear.html); 0 % shifts nothing and 100 % is an all-at-once shift (use
     * {@code EcsDeploymentConfig.ALL_AT_ONCE}), so 1-99.
     */
    public static final int MIN_TRAFFIC_PERCENTAGE = 1;
    /** @see #MIN_TRAFFIC_PERCENTAGE */
    public static final int MAX_TRAFFIC_PERCENTAGE = 99;
    /**
     * Shortest and longest interval of a custom CodeDeploy shift, in whole minutes (the API's {@code canaryInterval}
     * and {@code linearInterval} are integers of minutes); at most 2 days, CodeDeploy's longest blue/green wait.
     */
    public static final int MIN_TRAFFIC_INTERVAL_MINUTES = 1;
    /** @see #MIN_TRAFFIC_INTERVAL_MINUTES */
    public static final int MAX_TRAFFIC_INTERVAL_MINUTES = 2880;

    /** The major version of the AWS CDK CLI that can read this aws-cdk-lib's cloud assembly. */
    public static final int SUPPORTED_CLI_MAJOR = 2;
    /** Oldest 2.x CLI that reads aws-cdk-lib 2.263's cloud assembly (schema 54). */
    public static final String MIN_CLI_VERSION = "2.1134.0";

    private static final Pattern CLI_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z.-]+)?");

    /** What aws-cdk-lib's {@code Peer.ipv4} accepts, and so the unique id of every IPv4 CIDR peer. */
    private static final Pattern IPV4_PEER_SHAPE = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}(/\\d+)?$");

    private static final Pattern IPV4_CIDR =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Rules() {}

    /** Requires a 12-digit account id; tokens and nulls pass. */
    public static void account(final IConstruct scope, final String prop, final String account) {
        Check.matches(scope, prop, account, ACCOUNT, "a 12-digit AWS account id");
    }

    /** Requires a Region name of the documented form; tokens and nulls pass. */
    public static void region(final IConstruct scope, final String prop, final String region) {
        Check.matches(scope, prop, region, REGION, REGION_RULE);
    }

    /** Requires a stage name that CDK and CloudFormation accept in stack names; tokens pass. */
    public static void stageName(final IConstruct scope, final String prop, final String name) {
        Check.matches(
                scope,
                prop,
                name,
                STAGE_NAME,
                "1-" + MAX_STAGE_NAME_LENGTH + " letters, digits or '-', starting "
                        + "with a letter (it prefixes the stage's CloudFormation stack names, which allow no '_')");
    }

    /** Requires a CodePipeline pipeline name; tokens and nulls pass. */
    public static void pipelineName(final IConstruct scope, final String prop, final String name) {
        Check.matches(scope, prop, name, PIPELINE_NAME, "1-100 letters, digits, '.', '@', '-' or '_' (no spaces)");
    }

    /** Requires a CodePipeline stage name (a wave of the toolchain); tokens and nulls pass. */
    public static void pipelineStageName(final IConstruct scope, final String prop, final String name) {
        Check.matches(
                scope,
                prop,
                name,
                PIPELINE_STAGE_NAME,
                "1-100 letters, digits, '.', '@', '-' or '_' (a " + "CodePipeline stage name; no spaces)");
    }

    /** Requires an exact npm version, so that every build installs the same tool; tokens and nulls pass. */
    public static void exactVersion(final IConstruct scope, final String prop, final String version) {
        Check.matches(
                scope,
                prop,
                version,
                EXACT_VERSION,
                "an exact version such as 4.7.3 (no range, tag or "
                        + "'latest': every build must install the same tool)");
    }

    /** Requires an ECS container name; tokens and nulls pass. */
    public static void containerName(final IConstruct scope, final String prop, final String name) {
        Check.matches(scope, prop, name, CONTAINER_NAME, "1-255 letters, digits, '-' or '_'");
    }

    /**
     * Requires an IPv4 CIDR peer to have octets 0-255 and a mask 0-32. Its unique id is its CIDR; prefix lists and
     * security groups have other ids and pass, as do tokens.
     */
    public static void ipv4Peer(final IConstruct scope, final String prop, final IPeer peer) {
        String id = peer.getUniqueId();
        if (!Check.isToken(id) && IPV4_PEER_SHAPE.matcher(id).matches()) {
            ipv4Cidr(scope, prop, id);
        }
    }

    /** Requires an IPv4 CIDR range with octets 0-255 and a mask 0-32; tokens and nulls pass. */
    public static void ipv4Cidr(final IConstruct scope, final String prop, final String cidr) {
        if (cidr == null || Check.isToken(cidr)) {
            return;
        }
        java.util.regex.Matcher m = IPV4_CIDR.matcher(cidr);
        boolean ok = m.matches();
        for (int i = 1; ok && i <= 4; i++) {
            ok = Integer.parseInt(m.group(i)) <= 255;
        }
        if (ok && Integer.parseInt(m.group(5)) > 32) {
            ok = false;
        }
        if (!ok) {
            throw Check.fail(
                    scope,
                    prop,
                    "must contain IPv4 CIDR ranges such as 10.0.0.0/16, got '" + cidr
                            + "' (each octet is 0-255, the mask 0-32)");
        }
    }

    /** Requires a health-check path that starts with {@code /} and fits ELB's limit; tokens pass. */
    public static void healthCheckPath(final IConstruct scope, final String prop, final String path) {
        if (path == null || Check.isToken(path)) {
            return;
        }
        if (!path.startsWith("/")) {
            throw Check.fail(scope, prop, "must start with '/', got '" + path + "'");
        }
        Check.maxLength(scope, prop, path, MAX_HEALTH_CHECK_PATH_LENGTH);
    }

    /** Requires an SNS display name of at most 100 characters; tokens and nulls pass. */
    public static void topicDisplayName(final IConstruct scope, final String prop, final String name) {
        Check.maxLength(scope, prop, name, MAX_TOPIC_DISPLAY_NAME_LENGTH);
    }

    /**
     * Requires a custom canary or linear shift CodeDeploy accepts: a whole percentage of 1-99 and a whole number
     * of minutes of 1-2880 between shifts. Other {@link TrafficRouting} kinds (all at once) pass.
     */
    public static void trafficRouting(final IConstruct scope, final String prop, final TrafficRouting routing) {
        Number percentage;
        Duration interval;
        if (routing instanceof TimeBasedCanaryTrafficRouting) {
            percentage = ((TimeBasedCanaryTrafficRouting) routing).getPercentage();
            interval = ((TimeBasedCanaryTrafficRouting) routing).getInterval();
        } else if (routing instanceof TimeBasedLinearTrafficRouting) {
            percentage = ((TimeBasedLinearTrafficRouting) routing).getPercentage();
            interval = ((TimeBasedLinearTrafficRouting) routing).getInterval();
        } else {
            return;
        }
        Check.wholeBetween(scope, prop + ".percentage", percentage, MIN_TRAFFIC_PERCENTAGE, MAX_TRAFFIC_PERCENTAGE);
        Check.minutesBetween(
                scope, prop + ".interval", interval, MIN_TRAFFIC_INTERVAL_MINUTES, MAX_TRAFFIC_INTERVAL_MINUTES);
    }

    /**
     * Requires a CDK CLI version of the major that reads this aws-cdk-lib's cloud assembly, not older than
     * {@value #MIN_CLI_VERSION}; tokens and nulls pass.
     */
    public static void cliVersion(final IConstruct scope, final String prop, final String version) {
        if (version == null || Check.isToken(version)) {
            return;
        }
        java.util.regex.Matcher m = CLI_VERSION.matcher(version);
        String allowed = "an exact " + SUPPORTED_CLI_MAJOR + ".x version of the AWS CDK CLI, " + MIN_CLI_VERSION
                + " or later (3.x cannot read the cloud assembly of aws-cdk-lib 2.263; older 2.x neither)";
        if (!m.matches()) {
            throw Check.fail(scope, prop, "must be " + allowed + ", got '" + version + "'");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String[] min = MIN_CLI_VERSION.split("\\.");
        if (major != SUPPORTED_CLI_MAJOR || minor < Integer.parseInt(min[1])) {
            throw Check.fail(scope, prop, "must be " + allowed + ", got '" + version + "'");
        }
    }

    /**
     * Requires a bucket that load-balancer access logs can be delivered to: "The only server-side encryption option
     * that's supported is Amazon S3-managed keys (SSE-S3)"
     * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html). Rejects a
     * bucket with a KMS key (SSE-KMS, customer-managed or {@code aws/s3}, or DSSE-KMS); nulls and imported buckets
     * without a key pass.
     */
    public static void accessLogsBucket(final IConstruct scope, final String prop, final IBucket bucket) {
        if (bucket == null) {
            return;
        }
        String algorithm = bucket.getEncryptionKey() != null ? "aws:kms" : defaultEncryption(bucket);
        if (algorithm != null && algorithm.startsWith("aws:kms")) {
            throw Check.fail(
                    scope,
                    prop,
                    "must be encrypted with SSE-S3 (BucketEncryption.S3_MANAGED): Elastic Load "
                            + "Balancing cannot write access logs to a bucket encrypted with KMS, got "
                            + Check.path(bucket)
                            + " with " + algorithm);
        }
    }

    /**
     * @return the default encryption algorithm of a bucket created in the app ({@code AES256}, {@code aws:kms},
     * {@code aws:kms:dsse}), or null when unknown. aws-cdk-lib exposes no typed getter for it: the L1 property is read
     * (jsii hands it over as an untyped struct, so it is resolved and searched for its one {@code sseAlgorithm}).
     */
    private static String defaultEncryption(final IBucket bucket) {
        if (!(bucket.getNode().getDefaultChild() instanceof CfnBucket)) {
            return null;
        }
        Object encryption = ((CfnBucket) bucket.getNode().getDefaultChild()).getBucketEncryption();
        return encryption == null ? null : findAlgorithm(Env.stack(bucket).resolve(encryption));
    }

    private static String findAlgorithm(final Object value) {
        if (value instanceof java.util.Map) {
            for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) value).entrySet()) {
                if ("sseAlgorithm".equalsIgnoreCase(String.valueOf(e.getKey())) && e.getValue() instanceof String) {
                    return (String) e.getValue();
                }
                String nested = findAlgorithm(e.getValue());
                if (nested != null) {
                    return nested;
                }
            }
        } else if (value instanceof java.util.List) {
            for (Object item : (java.util.List<?>) value) {
                String nested = findAlgorithm(item);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /**
     * Requires a symmetric encryption key (SNS, CloudWatch Logs and ECS encrypt only with symmetric keys). Checks keys
     * created in the app; imported keys pass (their spec is not known at synth time).
     */
    public static void symmetricKey(final IConstruct scope, final String prop, final IKey key) {
        if (key == null || !(key.getNode().getDefaultChild() instanceof CfnKey)) {
            return;
        }
        CfnKey cfn = (CfnKey) key.getNode().getDefaultChild();
        String spec = cfn.getKeySpec();
        if (spec != null && !Check.isToken(spec) && !"SYMMETRIC_DEFAULT".equals(spec)) {
            throw Check.fail(
                    scope,
                    prop,
                    "must be a symmetric encryption key (KeySpec.SYMMETRIC_DEFAULT), got " + Check.path(key)
                            + " with key spec " + spec);
        }
        String usage = cfn.getKeyUsage();
        if (usage != null && !Check.isToken(usage) && !"ENCRYPT_DECRYPT".equals(usage)) {
            throw Check.fail(
                    scope, prop, "must have key usage ENCRYPT_DECRYPT, got " + Check.path(key) + " with " + usage);
        }
    }

    /**
     * Requires a security group of {@code vpc}. Checks security groups created in the app against the VPC id; imported
     * groups, and ids only one of which is known at synth time, pass.
     */
    public static void securityGroupInVpc(
            final IConstruct scope, final String prop, final ISecurityGroup group, final IVpc vpc) {
        if (group == null || vpc == null || !(group.getNode().getDefaultChild() instanceof CfnSecurityGroup)) {
            return;
        }
        String groupVpc = ((CfnSecurityGroup) group.getNode().getDefaultChild()).getVpcId();
        String wanted = vpc.getVpcId();
        if (groupVpc == null || Check.isToken(groupVpc) != Check.isToken(wanted)) {
            return;
        }
        boolean same = Check.isToken(wanted)
                ? java.util.Objects.equals(
                        Env.stack(scope).resolve(groupVpc), Env.stack(scope).resolve(wanted))
                : groupVpc.equals(wanted);
        if (!same) {
            throw Check.fail(
                    scope,
                    prop,
                    "must belong to the VPC of the file system ("
                            + Check.path(vpc)
                            + "), got " + Check.path(group)
                            + " of another VPC; mount targets can only use security "
                            + "groups of their own VPC");
        }
    }
}
