package io.github.securefargate.internal;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The access-log bucket a construct creates when the user passes none: SSE-S3 (the only encryption log delivery
 * accepts), TLS only, public access blocked, bucket-owner enforced, versioned, retained, logs expired after
 * {@value #RETENTION_DAYS} days. Its cdk-nag findings that come with being a log destination are recorded here.
 *
 * <p>Not part of the public API.
 */
public final class AccessLogBuckets {
    /** Construct id of the bucket under its owner. */
    public static final String ID = "AccessLogs";
    /** Days access logs are kept. */
    public static final int RETENTION_DAYS = 365;
    /** Days noncurrent log versions are kept. */
    public static final int NONCURRENT_DAYS = 30;

    private AccessLogBuckets() {}

    /**
     * The settings every bucket of the library has: TLS only, public access blocked, bucket-owner enforced (no ACLs),
     * versioned, retained on delete and replacement.
     *
     * @param builder a bucket builder
     * @return the same builder
     */
    public static Bucket.Builder hardened(final Bucket.Builder builder) {
        return builder.enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN);
    }

    /**
     * @param scope            owner of the bucket (id {@value #ID})
     * @param encryptionReason why SSE-S3 and not SSE-KMS, in the words of the log delivery that writes to it
     * @return the bucket
     */
    public static Bucket create(final Construct scope, final String encryptionReason) {
        Bucket bucket = hardened(Bucket.Builder.create(scope, ID))
                .encryption(BucketEncryption.S3_MANAGED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireAccessLogs")
                        .expiration(Shared.days(RETENTION_DAYS))
                        .noncurrentVersionExpiration(Shared.days(NONCURRENT_DAYS))
                        .abortIncompleteMultipartUploadAfter(Shared.days(7))
                        .build()))
                .build();
        Nag.suppress(
                bucket,
                Nag.rule(
                        encryptionReason + "; the bucket enforces TLS and blocks public access",
                        null,
                        "NIST.800.53.R5-S3DefaultEncryptionKMS",
                        "HIPAA.Security-S3DefaultEncryptionKMS",
                        "PCI.DSS.321-S3DefaultEncryptionKMS"),
                Nag.rule(
                        "This bucket is itself the access-log destination; logging it to another bucket only "
                                + "moves the question. Object-level events can be captured by CloudTrail",
                        null,
                        "AwsSolutions-S1",
                        "NIST.800.53.R5-S3BucketLoggingEnabled",
                        "HIPAA.Security-S3BucketLoggingEnabled",
                        "PCI.DSS.321-S3BucketLoggingEnabled"));
        return bucket;
    }
}
