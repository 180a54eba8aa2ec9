/**
 * Secure AWS CDK constructs for AWS Fargate.
 *
 * <ul>
 *   <li>{@link io.github.securefargate.cluster} — ECS cluster with customer-managed-key encrypted Fargate ephemeral
 *       storage.</li>
 *   <li>{@link io.github.securefargate.service} — load-balanced Fargate service with production defaults.</li>
 *   <li>{@link io.github.securefargate.guardduty} — GuardDuty ECS Runtime Monitoring for a cluster.</li>
 *   <li>{@link io.github.securefargate.storage} — lifecycle-managed, encrypted EFS mounted into Fargate tasks.</li>
 *   <li>{@link io.github.securefargate.bluegreen} — CodeDeploy blue/green for a Fargate service.</li>
 *   <li>{@link io.github.securefargate.pipeline} — cross-account CDK Pipelines toolchain releasing blue/green.</li>
 *   <li>{@link io.github.securefargate.notifications} — encrypted, TLS-only alert topics.</li>
 * </ul>
 */
package io.github.securefargate;
