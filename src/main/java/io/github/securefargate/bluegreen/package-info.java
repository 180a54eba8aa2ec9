/**
 * Blue/green deployments of a {@link io.github.securefargate.service.SecureFargateService} with CodeDeploy: green target
 * group, test listener, deployment group with rollback alarms, and the roles a pipeline in another account uses.
 */
package io.github.securefargate.bluegreen;
