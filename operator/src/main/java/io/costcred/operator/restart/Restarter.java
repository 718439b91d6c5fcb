package io.costcred.operator.restart;

/**
 * Restarts the consumers of a credential and reports their rollout. {@link WorkloadRestarter} does
 * it on Kubernetes workloads by writing the credential fingerprint into their pod template (an Argo
 * Rollout: into its metadata, with {@code spec.restartAt}).
 */
public interface Restarter {
  /**
   * Makes the workload run pods started after {@code stamp}; idempotent (a workload that already
   * carries the stamp's fingerprint under its key, or no longer exists, is left alone).
   */
  void restart(String namespace, WorkloadRef ref, Stamp stamp);

  /** How far the workload has rolled out. */
  RolloutState state(String namespace, WorkloadRef ref);
}
