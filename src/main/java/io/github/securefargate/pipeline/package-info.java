/**
 * The toolchain: a self-mutating CDK Pipelines pipeline that deploys blue/green services stage by stage, across
 * accounts and Regions, with CodeDeploy and automatic rollback.
 */
package io.github.securefargate.pipeline;
