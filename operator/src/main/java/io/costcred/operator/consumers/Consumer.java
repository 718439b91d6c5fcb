package io.costcred.operator.consumers;

import io.costcred.operator.api.v1alpha1.ConsumerKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workload (the top of its owner chain: a Deployment, not its ReplicaSets) or a bare Pod that
 * reads Secrets, with its running Pods.
 *
 * @param kind the workload's kind, or Pod for a Pod without a controller
 * @param name its name
 * @param reads Secret name to how it is read, for the Secrets asked about only
 * @param runningPods its Pods in phase Running (terminating ones included: they still run)
 */
public record Consumer(
    ConsumerKind kind, String name, Map<String, Set<Access>> reads, List<PodView> runningPods) {
  public Consumer {
    reads = Map.copyOf(reads);
    runningPods = List.copyOf(runningPods);
  }
}
