package io.costcred.operator.restart;

/**
 * Restarts the consumers of a credential and reports their rollout. {@link WorkloadRestarter} does
 * it on Kubernetes workloads by writing the credential fingerprint into their pod template.
 */
public interface Restarter {
  /**
   * Makes the workload run pods with {@code fingerprint}; idempotent (a workload that already has
   * it, or no longer exists, is left alone).
   */
  void restart(String namespace, WorkloadRef ref, String fingerprint);

  /** How far the workload has rolled out. */
  RolloutState state(String namespace, WorkloadRef ref);
}
