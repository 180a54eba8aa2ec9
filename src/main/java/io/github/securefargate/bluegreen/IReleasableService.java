package io.github.securefargate.bluegreen;

import io.github.securefargate.service.SecureFargateService;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

/**
 * A service a {@code pipeline.Toolchain} releases: {@link BlueGreenService} (CodeDeploy) or
 * {@link NativeBlueGreenService} (ECS-native). What the toolchain reads from both.
 */
public interface IReleasableService extends IConstruct {
    /** @return the service released */
    SecureFargateService getService();

    /** @return the release name, prefix of the fixed-name roles the pipeline assumes */
    String getServiceName();

    /** @return the account whose pipeline may assume those roles */
    String getPipelineAccount();

    /** @return the role the pipeline assumes to read the stage (fixed name, see {@link BlueGreenService#taskDefinitionReaderRoleName}) */
    Role getTaskDefinitionReaderRole();
}
