package io.github.securefargate.internal;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;

/**
 * Physical names for retained resources that AWS requires to be named (or to carry a prefix).
 *
 * <p>A retained resource survives {@code cdk destroy}. If its name is fixed (a literal, or derived from the stack
 * name), the next deployment of the same stack fails with "already exists". A name that ends in the unique part of
 * the CloudFormation stack id ({@code arn:...:stack/<name>/<uuid>}) is new for every stack instance and stable for the
 * life of one.
 *
 * <p>Not part of the public API.
 */
public final class PhysicalNames {
    /** Length of the stack id's unique part (a UUID). */
    public static final int STACK_UUID_LENGTH = 36;

    private PhysicalNames() {}

    /** @return {@code prefix} followed by the unique part of this stack instance's id (a CloudFormation token) */
    public static String perStackInstance(final String prefix) {
        return Fn.join("", List.of(prefix, Fn.select(2, Fn.split("/", Aws.STACK_ID))));
    }
}
