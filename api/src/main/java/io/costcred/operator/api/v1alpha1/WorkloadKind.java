package io.costcred.operator.api.v1alpha1;

/**
 * Workload kinds the operator can restart. CronJobs read the Secret at each run instead; Jobs and
 * bare Pods cannot be restarted and are reported as consumers only.
 */
public enum WorkloadKind {
  Deployment("apps/v1"),
  StatefulSet("apps/v1"),
  DaemonSet("apps/v1"),
  /** An Argo Rollout, restarted through {@code spec.restartAt} (the way Rollouts expects). */
  Rollout("argoproj.io/v1alpha1");

  private final String apiVersion;

  WorkloadKind(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  /** The API version the kind is served under. */
  public String apiVersion() {
    return apiVersion;
  }
}
