/** ECS cluster whose Fargate ephemeral storage is encrypted with a customer-managed KMS key. */
package io.github.securefargate.cluster;
