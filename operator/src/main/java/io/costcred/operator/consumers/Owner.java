package io.costcred.operator.consumers;

import io.costcred.operator.api.v1alpha1.ConsumerKind;
import io.costcred.operator.core.Interner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * The controller of a Pod, ReplicaSet or Job, when it is a kind the owner chain follows.
 *
 * @param kind ReplicaSet, Job, StatefulSet or DaemonSet (of a Pod), Deployment or Rollout (of a
 *     ReplicaSet), CronJob (of a Job)
 * @param name its name, in the same namespace
 */
public record Owner(ConsumerKind kind, String name) {
  /**
   * The controller owner reference of a known kind and API group, or null (no controller, or one of
   * another kind: the object is then its own consumer).
   */
  static Owner controllerOf(List<OwnerReference> refs) {
    if (refs == null) {
      return null;
    }
    for (OwnerReference r : refs) {
      if (Boolean.TRUE.equals(r.getController()) && r.getName() != null) {
        ConsumerKind kind = kind(group(r.getApiVersion()), r.getKind());
        return kind == null ? null : Interner.intern(new Owner(kind, r.getName()));
      }
    }
    return null;
  }

  private static ConsumerKind kind(String group, String kind) {
    if (kind == null) {
      return null;
    }
    return switch (group + "/" + kind) {
      case "apps/ReplicaSet" -> ConsumerKind.ReplicaSet;
      case "apps/StatefulSet" -> ConsumerKind.StatefulSet;
      case "apps/DaemonSet" -> ConsumerKind.DaemonSet;
      case "apps/Deployment" -> ConsumerKind.Deployment;
      case "batch/Job" -> ConsumerKind.Job;
      case "batch/CronJob" -> ConsumerKind.CronJob;
      case "argoproj.io/Rollout" -> ConsumerKind.Rollout;
      default -> null;
    };
  }

  private static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
