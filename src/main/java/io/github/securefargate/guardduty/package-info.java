/**
 * GuardDuty Runtime Monitoring for ECS on Fargate: detector features, cluster tags, the {@code guardduty-data} endpoint,
 * synth-time prerequisite checks, coverage and finding notifications, and optional task isolation.
 */
package io.github.securefargate.guardduty;
