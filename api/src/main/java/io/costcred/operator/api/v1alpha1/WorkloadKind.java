package io.costcred.operator.api.v1alpha1;

/** Workload kinds the operator can restart. CronJobs read the Secret at each run instead. */
public enum WorkloadKind {
  Deployment,
  StatefulSet,
  DaemonSet
}
