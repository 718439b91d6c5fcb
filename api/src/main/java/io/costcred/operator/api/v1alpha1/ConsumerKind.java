package io.costcred.operator.api.v1alpha1;

/** Kinds of object that can read a store Secret: every workload kind and a bare Pod. */
public enum ConsumerKind {
  Deployment,
  StatefulSet,
  DaemonSet,
  Rollout,
  ReplicaSet,
  Job,
  CronJob,
  Pod;

  /** The restartable kind of the same name, or null (Jobs, CronJobs, ReplicaSets, Pods). */
  public WorkloadKind restartable() {
    return switch (this) {
      case Deployment -> WorkloadKind.Deployment;
      case StatefulSet -> WorkloadKind.StatefulSet;
      case DaemonSet -> WorkloadKind.DaemonSet;
      case Rollout -> WorkloadKind.Rollout;
      case ReplicaSet, Job, CronJob, Pod -> null;
    };
  }
}
