package io.github.securefargate.guardduty;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.ConstructTree;
import io.github.securefargate.internal.Env;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.constructs.IConstruct;

/**
 * The ECS services, monitors and stand-alone egress rules of one App or Stage, listed by a single walk of its tree and
 * shared by every {@link RuntimeMonitoring} in it. Each monitor walking the whole tree itself made synthesis quadratic
 * in the number of monitored stacks.
 *
 * <p>An index is rebuilt when a monitor asks that was not in the tree when the index was built (the tree has grown
 * since, e.g. an app synthesized twice). Services that aspects create during the same synthesis, after the first
 * monitor ran, are not seen; no aspect in this library or in aws-cdk-lib creates services.
 */
final class ConstructIndex {
    private static final Map<IConstruct, ConstructIndex> BY_ROOT = Collections.synchronizedMap(new WeakHashMap<>());
    /** A cluster's name does not change once the cluster exists. */
    private static final Map<ICluster, String> CLUSTER_NAMES = Collections.synchronizedMap(new WeakHashMap<>());
    /** A VPC's id does not change once the VPC exists. */
    private static final Map<IVpc, String> VPC_IDS = Collections.synchronizedMap(new WeakHashMap<>());

    private final Set<IConstruct> monitors = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<RuntimeMonitoring> monitorsInOrder = new ArrayList<>();
    private final List<BaseService> services = new ArrayList<>();
    private final Map<Stack, List<CfnSecurityGroupEgress>> egressByStack = new IdentityHashMap<>();
    private Map<ICluster, List<BaseService>> servicesByCluster;

    private ConstructIndex(final IConstruct root) {
        for (IConstruct c : ConstructTree.candidates(
                root, BaseService.class, CfnSecurityGroupEgress.class, RuntimeMonitoring.class)) {
            if (c instanceof BaseService) {
                services.add((BaseService) c);
            } else if (c instanceof CfnSecurityGroupEgress) {
                egressByStack
                        .computeIfAbsent(Env.stack(c), s -> new ArrayList<>())
                        .add((CfnSecurityGroupEgress) c);
            } else if (c instanceof RuntimeMonitoring) {
                monitors.add(c);
                monitorsInOrder.add((RuntimeMonitoring) c);
            }
        }
    }

    /** @return every monitor of the App or Stage, in construct-tree order */
    List<RuntimeMonitoring> monitors() {
        return List.copyOf(monitorsInOrder);
    }

    /** @return the index of {@code root}, built now if {@code monitor} is not in the current one */
    static ConstructIndex of(final IConstruct root, final RuntimeMonitoring monitor) {
        synchronized (BY_ROOT) {
            ConstructIndex index = BY_ROOT.get(root);
            if (index == null || !index.monitors.contains(monitor)) {
                index = new ConstructIndex(root);
                BY_ROOT.put(root, index);
            }
            return index;
        }
    }

    /**
     * @return the services (Fargate or not) that run in {@code cluster}: on that cluster object, or on another reference
     *         to the same cluster (an imported one with the same resolved name, account and Region)
     */
    List<BaseService> servicesOf(final ICluster cluster) {
        if (servicesByCluster == null) {
            servicesByCluster = new IdentityHashMap<>();
            for (BaseService service : services) {
                servicesByCluster
                        .computeIfAbsent(service.getCluster(), c -> new ArrayList<>())
                        .add(service);
            }
        }
        List<BaseService> result = new ArrayList<>(servicesByCluster.getOrDefault(cluster, List.of()));
        for (ICluster candidate : servicesByCluster.keySet()) {
            if (candidate != cluster && sameCluster(cluster, candidate)) {
                result.addAll(servicesByCluster.get(candidate));
            }
        }
        return result;
    }

    /**
     * @return whether two references name the same cluster: the same object, or the same resolved name in the same
     *         account and Region
     */
    static boolean sameCluster(final ICluster a, final ICluster b) {
        if (a == b) {
            return true;
        }
        String name = clusterName(a);
        return !Check.isToken(name)
                && name.equals(clusterName(b))
                && Env.account(a).equals(Env.account(b))
                && Env.region(a).equals(Env.region(b));
    }

    /**
     * @return whether both constructs are in stacks of the same account and Region, both known at synth time
     *         (environment-agnostic stacks may be deployed anywhere, so they never match)
     */
    static boolean sameKnownEnvironment(final IConstruct a, final IConstruct b) {
        return !Check.isToken(Env.account(a))
                && !Check.isToken(Env.region(a))
                && Env.account(a).equals(Env.account(b))
                && Env.region(a).equals(Env.region(b));
    }

    /**
     * @return the cluster's name: the literal name of an {@link EncryptedCluster}, else the (maybe token) name;
     *         remembered per cluster (every monitor compares its cluster with every other one)
     */
    static String clusterName(final ICluster cluster) {
        return CLUSTER_NAMES.computeIfAbsent(cluster, c -> {
            IConstruct scope = c.getNode().getScope();
            return scope instanceof EncryptedCluster && ((EncryptedCluster) scope).getCluster() == c
                    ? ((EncryptedCluster) scope).getClusterName()
                    : c.getClusterName();
        });
    }

    /** @return the VPC's id, remembered per VPC (every monitor compares its VPC with every other monitor's) */
    static String vpcId(final IVpc vpc) {
        return VPC_IDS.computeIfAbsent(vpc, IVpc::getVpcId);
    }

    /** @return the {@code AWS::EC2::SecurityGroupEgress} resources of {@code stack} */
    List<CfnSecurityGroupEgress> egressRules(final Stack stack) {
        return egressByStack.getOrDefault(stack, List.of());
    }
}
