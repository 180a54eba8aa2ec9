package io.github.securefargate.guardduty;

import io.github.securefargate.cluster.EncryptedCluster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.constructs.IConstruct;

/**
 * The Fargate services and stand-alone egress rules of one App or Stage, listed by a single walk of its tree and
 * shared by every {@link RuntimeMonitoring} in it. Each monitor walking the whole tree itself made synthesis quadratic
 * in the number of monitored stacks.
 *
 * <p>An index is rebuilt when a monitor asks that was not in the tree when the index was built (the tree has grown
 * since, e.g. an app synthesized twice). Services that aspects create during the same synthesis, after the first
 * monitor ran, are not seen; no aspect in this library or in aws-cdk-lib creates services.
 */
final class ConstructIndex {
    private static final Map<IConstruct, ConstructIndex> BY_ROOT = Collections.synchronizedMap(new WeakHashMap<>());

    private final Set<IConstruct> monitors = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<FargateService> services = new ArrayList<>();
    private final Map<Stack, List<CfnSecurityGroupEgress>> egressByStack = new IdentityHashMap<>();
    private final Map<ICluster, String> clusterNames = new IdentityHashMap<>();
    private Map<ICluster, List<FargateService>> servicesByCluster;

    private ConstructIndex(final IConstruct root) {
        for (IConstruct c : root.getNode().findAll()) {
            if (c instanceof FargateService) {
                services.add((FargateService) c);
            } else if (c instanceof CfnSecurityGroupEgress) {
                egressByStack.computeIfAbsent(Stack.of(c), s -> new ArrayList<>()).add((CfnSecurityGroupEgress) c);
            } else if (c instanceof RuntimeMonitoring) {
                monitors.add(c);
            }
        }
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
     * @return the Fargate services that run in {@code cluster}: on that cluster object, or on another reference to the
     *         same cluster (an imported one with the same resolved name, account and Region)
     */
    List<FargateService> servicesOf(final ICluster cluster) {
        if (servicesByCluster == null) {
            servicesByCluster = new IdentityHashMap<>();
            for (FargateService service : services) {
                servicesByCluster.computeIfAbsent(service.getCluster(), c -> new ArrayList<>()).add(service);
            }
        }
        List<FargateService> result = new ArrayList<>(servicesByCluster.getOrDefault(cluster, List.of()));
        String name = clusterName(cluster);
        if (Token.isUnresolved(name)) {
            return result;
        }
        Stack stack = Stack.of(cluster);
        for (Map.Entry<ICluster, List<FargateService>> other : servicesByCluster.entrySet()) {
            ICluster candidate = other.getKey();
            if (candidate != cluster && name.equals(clusterName(candidate))
                    && Stack.of(candidate).getAccount().equals(stack.getAccount())
                    && Stack.of(candidate).getRegion().equals(stack.getRegion())) {
                result.addAll(other.getValue());
            }
        }
        return result;
    }

    /** @return the cluster's name: the literal name of an {@link EncryptedCluster}, else the (maybe token) name */
    private String clusterName(final ICluster cluster) {
        return clusterNames.computeIfAbsent(cluster, c -> {
            IConstruct scope = c.getNode().getScope();
            if (scope instanceof EncryptedCluster && ((EncryptedCluster) scope).getCluster() == c) {
                return ((EncryptedCluster) scope).getClusterName();
            }
            return c.getClusterName();
        });
    }

    /** @return the {@code AWS::EC2::SecurityGroupEgress} resources of {@code stack} */
    List<CfnSecurityGroupEgress> egressRules(final Stack stack) {
        return egressByStack.getOrDefault(stack, List.of());
    }
}
