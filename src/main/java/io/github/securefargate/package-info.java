/**
 * Secure AWS CDK constructs for AWS Fargate.
 *
 * <ul>
 *   <li>{@link io.github.securefargate.cluster} — ECS cluster with customer-managed-key encrypted Fargate ephemeral
 *       storage.</li>
 *   <li>{@link io.github.securefargate.service} — load-balanced Fargate service with production defaults.</li>
 *   <li>{@link io.github.securefargate.notifications} — encrypted, TLS-only SNS topic for alerts.</li>
 * </ul>
 */
package io.github.securefargate;
