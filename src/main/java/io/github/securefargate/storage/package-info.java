/**
 * Persistent shared storage for Fargate tasks: an encrypted, lifecycle-managed EFS file system with a TLS-only, IAM
 * file-system policy, access points with a POSIX identity, and a one-call mount into a Fargate task.
 */
package io.github.securefargate.storage;
