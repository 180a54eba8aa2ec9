package io.github.securefargate.guardduty;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ec2.CfnVPC;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IDependable;

/**
 * Runs once, when the app is synthesized (all services exist by then): finds every Fargate service of the monitored
 * cluster in the Stage, checks the agent's prerequisites, grants the agent image pull to each execution role, forces a
 * new deployment and orders the services after the monitoring resources. Problems become validation errors.
 */
final class Prerequisites implements IAspect {
    /** Capacity providers whose tasks are Fargate tasks. */
    private static final List<String> FARGATE_CAPACITY_PROVIDERS = List.of("FARGATE", "FARGATE_SPOT");

    private final RuntimeMonitoring owner;
    private final List<String> problems = new ArrayList<>();
    private final List<FargateService> services = new ArrayList<>();
    private boolean done;

    Prerequisites(final RuntimeMonitoring owner) {
        this.owner = owner;
    }

    /** @return the problems found; empty before synthesis */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** @return the monitored Fargate services found at synthesis */
    List<FargateService> services() {
        return List.copyOf(services);
    }

    @Override
    public void visit(final @NotNull IConstruct node) {
        if (done) {
            return;
        }
        done = true;
        Stage stage = Stage.of(owner);
        IConstruct root = stage != null ? stage : owner.getNode().getRoot();
        ConstructIndex index = ConstructIndex.of(root, owner);
        for (BaseService service : index.servicesOf(owner.getCluster())) {
            if (service instanceof FargateService) {
                services.add((FargateService) service);
            } else {
                warnUncovered(
                        service,
                        "is not a Fargate service (EC2 launch type, external instances or a "
                                + "capacity provider of its own)");
            }
        }
        checkConflicts(index);
        for (FargateService service : services) {
            // Each read of a service's children is a jsii round trip: read them once per service.
            CfnService cfn = (CfnService) service.getNode().getDefaultChild();
            TaskDefinition td = service.getTaskDefinition();
            checkCapacity(service, cfn);
            IRole executionRole = checkTask(service, cfn, td);
            checkEgress(service, index);
            grantAgentImagePull(td, executionRole);
            redeploy(service, cfn);
            List<IConstruct> dependencies = owner.deploymentDependencies();
            if (!dependencies.isEmpty() && Env.stack(service) == Env.stack(owner)) {
                service.getNode().addDependency(dependencies.toArray(new IDependable[0])); // one call for all
            }
        }
        checkVpc(owner.getVpc());
        problems.addAll(owner.tagProblems());
    }

    /**
     * Rejects what AWS would refuse later: a second private-DNS {@code guardduty-data} endpoint in one VPC (EC2 allows one
     * private hosted zone per service and VPC) and a second {@code AWS::GuardDuty::Detector} in one account and Region.
     * The first monitor in the construct tree keeps the resource; later ones get the error.
     */
    private void checkConflicts(final ConstructIndex index) {
        for (RuntimeMonitoring other : index.monitors()) {
            if (other == owner) {
                return;
            }
            if (owner.getDataEndpoint() != null
                    && other.getDataEndpoint() != null
                    && sameVpc(owner.getVpc(), other.getVpc())) {
                problems.add(Check.path(owner) + ": dataEndpoint must be false because " + Check.path(other)
                        + " already creates the private-DNS guardduty-data endpoint of this VPC (EC2 refuses a second "
                        + "one), got dataEndpoint true; set dataEndpoint(false) and cleanUpManagedEndpoint(false) here: "
                        + "the existing endpoint serves every task of the VPC");
            }
            if (owner.getDetectorSetup() == DetectorSetup.CREATE
                    && other.getDetectorSetup() == DetectorSetup.CREATE
                    && ConstructIndex.sameKnownEnvironment(owner, other)) {
                problems.add(Check.path(owner) + ": detector must not be DetectorSetup.CREATE because "
                        + Check.path(other) + " already creates the GuardDuty detector of account "
                        + Env.account(owner) + ", Region "
                        + Env.region(owner) + " (one per "
                        + "account and Region), got CREATE; use DetectorSetup.UPDATE_EXISTING here and deploy this "
                        + "stack after that one");
            }
        }
    }

    private static boolean sameVpc(final IVpc a, final IVpc b) {
        if (a == b) {
            return true;
        }
        String id = ConstructIndex.vpcId(a);
        return !Check.isToken(id) && id.equals(ConstructIndex.vpcId(b)) && ConstructIndex.sameKnownEnvironment(a, b);
    }

    /** Fargate launch type, or only the FARGATE and FARGATE_SPOT capacity providers: what the agent covers. */
    @SuppressWarnings("unchecked")
    private void checkCapacity(final FargateService service, final CfnService cfn) {
        Object strategy = Tokens.resolve(Env.stack(service), cfn.getCapacityProviderStrategy());
        if (!(strategy instanceof List)) {
            return;
        }
        for (Object item : (List<Object>) strategy) {
            Object provider = Tokens.field(item, "CapacityProvider");
            if (!FARGATE_CAPACITY_PROVIDERS.contains(provider)) {
                warnUncovered(
                        service,
                        "uses capacity provider "
                                + (provider instanceof String
                                        ? provider
                                        : Env.stack(service).toJsonString(provider))
                                + ", which is not FARGATE or FARGATE_SPOT");
                return;
            }
        }
    }

    private void warnUncovered(final BaseService service, final String why) {
        Annotations.of(owner)
                .addWarningV2(
                        RuntimeMonitoring.WARNING_UNCOVERED_CAPACITY,
                        "Service "
                                + Check.path(service) + " of the monitored cluster " + why
                                + ": GuardDuty Runtime Monitoring for ECS "
                                + "covers Fargate tasks only. It does not cover ECS Managed Instances, and EC2 container instances need "
                                + "the GuardDuty EC2 agent, which this construct does not manage; that service's tasks run "
                                + "unmonitored. Run it on Fargate, or in a cluster this construct does not monitor");
    }

    /** @return the task definition's execution role, read after its containers are rendered; null when it has none */
    @SuppressWarnings("unchecked")
    private @Nullable IRole checkTask(
            final FargateService service, final CfnService serviceResource, final TaskDefinition td) {
        String path = Check.path(td);
        Stack stack = Env.stack(td);
        CfnTaskDefinition cfn = (CfnTaskDefinition) td.getNode().getDefaultChild();

        String os = Fargate.operatingSystemFamily(cfn);
        if (os != null && os.startsWith("WINDOWS")) {
            problems.add(path + ": runtimePlatform.operatingSystemFamily must be LINUX for GuardDuty Runtime "
                    + "Monitoring (no agent for Windows tasks), got " + os + "; run this service in an "
                    + "unmonitored cluster or exclude the cluster");
        }
        String version = serviceResource.getPlatformVersion();
        if (version != null && !Check.isToken(version) && !Fargate.isAtLeast14(version)) {
            problems.add(Check.path(service) + ": platformVersion must be LATEST or 1.4.0 or later for GuardDuty "
                    + "Runtime Monitoring, got " + version);
        }
        // Rendering the containers can create the execution role (the FireLens log router that aws-cdk-lib adds
        // for a container logging through FireLens obtains one), so the role is read after it.
        Object containers = stack.resolve(cfn.getContainerDefinitions());
        IRole executionRole = td.getExecutionRole();
        if (executionRole == null) {
            problems.add(path + ": executionRole must be set for GuardDuty Runtime Monitoring (Fargate pulls the "
                    + "agent image with it), got none; pass executionRole(...) to the task definition");
        }

        Object cpu = Tokens.resolve(stack, cfn.getCpu());
        Object memory = Tokens.resolve(stack, cfn.getMemory());
        if (!(cpu instanceof String) || !(memory instanceof String)) {
            return executionRole;
        }
        int cpuUnits = Integer.parseInt((String) cpu);
        int taskMiB = Integer.parseInt((String) memory);
        int containersMiB = 0;
        if (containers instanceof List) {
            for (Object c : (List<Object>) containers) {
                Map<String, Object> container = (Map<String, Object>) c;
                containersMiB += Math.max(
                        number(Tokens.field(container, "Memory")),
                        number(Tokens.field(container, "MemoryReservation")));
            }
        }
        int agentMiB = RuntimeMonitoring.agentMemoryMiB(cpuUnits, taskMiB);
        if (containersMiB + agentMiB > taskMiB) {
            problems.add(path + ": memoryLimitMiB must leave " + agentMiB + " MiB for the GuardDuty agent (task "
                    + "with " + cpuUnits + " CPU units) after the containers' " + containersMiB + " MiB, got "
                    + taskMiB + " MiB (" + (taskMiB - containersMiB) + " MiB free); raise memoryLimitMiB to at least "
                    + (containersMiB + agentMiB) + " (a valid Fargate size) or lower the containers' memory");
        }
        return executionRole;
    }

    private static int number(final Object value) {
        return value instanceof Number ? ((Number) value).intValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private void checkEgress(final FargateService service, final ConstructIndex index) {
        List<ISecurityGroup> groups = service.getConnections().getSecurityGroups();
        for (ISecurityGroup group : groups) {
            if (!(group instanceof SecurityGroup)) {
                return; // imported: its rules are unknown here
            }
            SecurityGroup sg = (SecurityGroup) group;
            if (Boolean.TRUE.equals(sg.getAllowAllOutbound())) {
                return;
            }
            Stack stack = Env.stack(sg);
            Object inline = stack.resolve(((CfnSecurityGroup) sg.getNode().getDefaultChild()).getSecurityGroupEgress());
            if (inline instanceof List) {
                for (Object rule : (List<Object>) inline) {
                    if (allows443((Map<String, Object>) rule)) {
                        return;
                    }
                }
            }
            Object groupId = stack.resolve(sg.getSecurityGroupId());
            for (CfnSecurityGroupEgress egress : index.egressRules(stack)) {
                if (groupId.equals(stack.resolve(egress.getGroupId()))
                        && allows443((Map<String, Object>) stack.resolve(Map.of(
                                "IpProtocol", egress.getIpProtocol(),
                                "FromPort", egress.getFromPort() == null ? -1 : egress.getFromPort(),
                                "ToPort", egress.getToPort() == null ? -1 : egress.getToPort())))) {
                    return;
                }
            }
        }
        Annotations.of(owner)
                .addWarningV2(
                        RuntimeMonitoring.WARNING_NO_HTTPS_EGRESS,
                        "Service "
                                + Check.path(service)
                                + " has no security-group egress rule for TCP 443: the GuardDuty agent cannot "
                                + "reach ECR, S3 (agent image layers) and the guardduty-data endpoint. Allow 443 to the VPC CIDR and "
                                + "to the S3 prefix list, or to 0.0.0.0/0 through a NAT gateway");
    }

    private static boolean allows443(final Map<String, Object> rule) {
        Object protocol = Tokens.field(rule, "IpProtocol");
        if ("-1".equals(String.valueOf(protocol)) || "all".equals(protocol)) {
            return true;
        }
        if (!"tcp".equals(protocol) && !"6".equals(String.valueOf(protocol))) {
            return false;
        }
        return number(Tokens.field(rule, "FromPort")) <= 443 && number(Tokens.field(rule, "ToPort")) >= 443;
    }

    private void grantAgentImagePull(final TaskDefinition td, final @Nullable IRole role) {
        if (role == null) {
            return;
        }
        // The policy lives beside the role (or in the task definition for an imported role), once per role.
        Construct scope = role instanceof Construct ? (Construct) role : td;
        if (scope.getNode().tryFindChild(RuntimeMonitoring.AGENT_PULL_POLICY_ID) != null) {
            return;
        }
        Stack stack = Env.stack(scope);
        Policy policy = Policy.Builder.create(scope, RuntimeMonitoring.AGENT_PULL_POLICY_ID)
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("GuardDutyAgentRegistryLogin")
                                .actions(List.of("ecr:GetAuthorizationToken"))
                                .resources(List.of("*"))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("GuardDutyAgentImagePull")
                                .actions(RuntimeMonitoring.AGENT_IMAGE_PULL_ACTIONS)
                                .resources(List.of(Env.arn(
                                        stack,
                                        "ecr",
                                        Env.region(stack),
                                        "*",
                                        "repository",
                                        "/",
                                        RuntimeMonitoring.AGENT_REPOSITORY)))
                                .build()))
                .build();
        policy.attachToRole(role);
        Nag.suppress(
                policy,
                Nag.rule(
                        "The GuardDuty agent image lives in an AWS-owned ECR repository whose account differs "
                                + "by Region, so the repository is matched by name in this Region; "
                                + "ecr:GetAuthorizationToken only accepts resource *",
                        List.of(
                                "Resource::*",
                                "/^Resource::arn:(?:<AWS::[A-Za-z]+>|[^:]+):ecr:(?:<AWS::[A-Za-z]+>|[^:]+):\\*:repository\\/aws-guardduty-agent-fargate$/"),
                        "AwsSolutions-IAM5"),
                Nag.inlinePolicy("Policy attached to this task execution role only, deployed with the stack"));
    }

    private void redeploy(final FargateService service, final CfnService cfn) {
        if (!owner.forcesNewDeployment()) {
            return;
        }
        Object controller = Tokens.resolve(Env.stack(service), cfn.getDeploymentController());
        Object type = Tokens.field(controller, "Type");
        if (type != null && !"ECS".equals(type)) {
            Annotations.of(owner)
                    .addWarningV2(
                            RuntimeMonitoring.WARNING_REDEPLOY_YOURSELF,
                            "Service "
                                    + Check.path(service) + " uses the " + type + " deployment "
                                    + "controller: its running tasks get the GuardDuty agent only with its next deployment");
            return;
        }
        if (cfn.getForceNewDeployment() == null) {
            cfn.setForceNewDeployment(CfnService.ForceNewDeploymentProperty.builder()
                    .enableForceNewDeployment(true)
                    .forceNewDeploymentNonce(owner.deploymentNonce())
                    .build());
        }
    }

    private void checkVpc(final IVpc vpc) {
        if (!(vpc instanceof Vpc)) {
            return;
        }
        CfnVPC cfn = (CfnVPC) vpc.getNode().getDefaultChild();
        if (Boolean.FALSE.equals(cfn.getEnableDnsSupport())) {
            problems.add(Check.path(vpc) + ": enableDnsSupport must be true for GuardDuty Runtime Monitoring (the "
                    + "agent resolves the guardduty-data endpoint through private DNS), got false");
        }
        if (Boolean.FALSE.equals(cfn.getEnableDnsHostnames())) {
            problems.add(Check.path(vpc) + ": enableDnsHostnames must be true for GuardDuty Runtime Monitoring "
                    + "(private DNS of the guardduty-data endpoint), got false");
        }
    }
}
