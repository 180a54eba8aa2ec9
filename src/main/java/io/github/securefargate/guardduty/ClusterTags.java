package io.github.securefargate.guardduty;

import static io.github.securefargate.guardduty.RuntimeMonitoring.TAG_KEY;
import static io.github.securefargate.guardduty.RuntimeMonitoring.WARNING_UNTAGGED_CLUSTER;

import io.github.securefargate.internal.Check;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.services.ecs.CfnCluster;
import software.amazon.awscdk.services.ecs.ICluster;
import software.constructs.IConstruct;

/**
 * The {@code GuardDutyManaged} tags of {@link RuntimeMonitoring}: {@code true} on the monitored cluster, {@code false}
 * on the excluded ones, set on their {@code AWS::ECS::Cluster} resources and checked again after every aspect ran.
 */
final class ClusterTags {
    private final RuntimeMonitoring owner;
    private final ICluster cluster;
    private final List<ICluster> excludedClusters;
    private final MonitoringMode mode;

    ClusterTags(
            final RuntimeMonitoring owner,
            final ICluster cluster,
            final List<ICluster> excludedClusters,
            final MonitoringMode mode) {
        this.owner = owner;
        this.cluster = cluster;
        this.excludedClusters = excludedClusters;
        this.mode = mode;
    }

    /** Tags the monitored cluster {@code true} and each excluded cluster {@code false}, on the ECS cluster resource. */
    void apply() {
        tag(cluster, "true");
        for (ICluster excluded : excludedClusters) {
            tag(excluded, "false");
        }
    }

    private void tag(final ICluster target, final String value) {
        IConstruct child = target.getNode().getDefaultChild();
        if (!(child instanceof CfnCluster)) {
            if ("true".equals(value) && mode != MonitoringMode.ACCOUNT_WIDE || "false".equals(value)) {
                Annotations.of(owner)
                        .addWarningV2(
                                WARNING_UNTAGGED_CLUSTER,
                                "Cluster " + target.getClusterName()
                                        + " is not defined in this app, so it cannot be tagged here: tag it " + TAG_KEY
                                        + "="
                                        + value + " yourself, or GuardDuty will "
                                        + ("true".equals(value) ? "not monitor it" : "keep monitoring it"));
            }
            return;
        }
        TagManager tags = ((CfnCluster) child).getTags(); // read once: each read is a round trip
        String existing = tags.tagValues().get(TAG_KEY);
        if (existing != null && !existing.equals(value)) {
            throw Check.fail(
                    owner,
                    "true".equals(value) ? "cluster" : "excludedClusters",
                    "must not already be "
                            + "tagged " + TAG_KEY + "=" + existing + " (" + Check.path(target)
                            + "), got a request to tag it "
                            + value + ": a cluster cannot be both included and excluded");
        }
        tags.setTag(TAG_KEY, value);
    }

    /** @return problems with the tags as they are after every aspect (e.g. a conflicting {@code Tags.of}) ran */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkTag(cluster, "true", problems);
        excludedClusters.forEach(c -> checkTag(c, "false", problems));
        return problems;
    }

    private void checkTag(final ICluster target, final String value, final List<String> problems) {
        IConstruct child = target.getNode().getDefaultChild();
        if (child instanceof CfnCluster) {
            String actual = ((CfnCluster) child).getTags().tagValues().get(TAG_KEY);
            if (!value.equals(actual)) {
                problems.add(Check.path(target) + ": tag " + TAG_KEY + " must be " + value + " for " + Check.path(owner)
                        + " (" + mode + "), got " + actual + "; remove the conflicting tag");
            }
        }
    }
}
