package io.costcred.operator.restart;

import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** Reads rollout progress from the status of Deployments, StatefulSets and DaemonSets. */
public final class Workloads {
  private Workloads() {}

  /** The pod template's annotations, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, String> templateAnnotations(GenericKubernetesResource r) {
    Object v = path(r.getAdditionalProperties(), "spec", "template", "metadata", "annotations");
    return v instanceof Map<?, ?> m ? (Map<String, String>) m : null;
  }

  /** How far the workload has rolled out, from its generic object (spec and status). */
  public static RolloutState rolloutState(WorkloadKind kind, GenericKubernetesResource r) {
    Map<String, Object> props = r.getAdditionalProperties();
    long generation = r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
    if (num(path(props, "status", "observedGeneration")) < generation) {
      return RolloutState.PROGRESSING;
    }
    return switch (kind) {
      case Deployment -> deployment(props);
      case StatefulSet -> statefulSet(props);
      case DaemonSet -> daemonSet(props);
      case Rollout -> argoRollout(props);
    };
  }

  /**
   * An Argo Rollout: paused (spec or phase) is reported, Degraded counts as stalled, and a restart
   * is complete when the controller has recorded {@code status.restartedAt} at or after {@code
   * spec.restartAt} and the Rollout is Healthy with every replica updated and available.
   */
  private static RolloutState argoRollout(Map<String, Object> p) {
    Object phase = path(p, "status", "phase");
    if (Boolean.TRUE.equals(path(p, "spec", "paused")) || "Paused".equals(phase)) {
      return RolloutState.PAUSED;
    }
    if ("Degraded".equals(phase)) {
      return RolloutState.STALLED;
    }
    Object restartAt = path(p, "spec", "restartAt");
    Object restartedAt = path(p, "status", "restartedAt");
    boolean restarted =
        restartAt == null
            || restartedAt != null
                && !java.time.Instant.parse(restartedAt.toString())
                    .isBefore(java.time.Instant.parse(restartAt.toString()));
    long want = path(p, "spec", "replicas") == null ? 1 : num(path(p, "spec", "replicas"));
    long updated = num(path(p, "status", "updatedReplicas"));
    long available = num(path(p, "status", "availableReplicas"));
    return restarted && "Healthy".equals(phase) && updated >= want && available >= want
        ? RolloutState.COMPLETE
        : RolloutState.PROGRESSING;
  }

  private static RolloutState deployment(Map<String, Object> p) {
    if (Boolean.TRUE.equals(path(p, "spec", "paused"))) {
      return RolloutState.PAUSED;
    }
    if (progressDeadlineExceeded(p)) {
      return RolloutState.STALLED;
    }
    long want = path(p, "spec", "replicas") == null ? 1 : num(path(p, "spec", "replicas"));
    long updated = num(path(p, "status", "updatedReplicas"));
    long total = num(path(p, "status", "replicas"));
    long available = num(path(p, "status", "availableReplicas"));
    return updated >= want && total <= want && available >= want
        ? RolloutState.COMPLETE
        : RolloutState.PROGRESSING;
  }

  private static RolloutState statefulSet(Map<String, Object> p) {
    Object strategy = path(p, "spec", "updateStrategy", "type");
    if ("OnDelete".equals(strategy)) {
      return RolloutState.COMPLETE; // pods pick up the change when an admin deletes them
    }
    long want = path(p, "spec", "replicas") == null ? 1 : num(path(p, "spec", "replicas"));
    Object current = path(p, "status", "currentRevision");
    Object update = path(p, "status", "updateRevision");
    long ready = num(path(p, "status", "readyReplicas"));
    long updated = num(path(p, "status", "updatedReplicas"));
    return update != null && update.equals(current) && ready >= want && updated >= want
        ? RolloutState.COMPLETE
        : RolloutState.PROGRESSING;
  }

  private static RolloutState daemonSet(Map<String, Object> p) {
    long desired = num(path(p, "status", "desiredNumberScheduled"));
    long updated = num(path(p, "status", "updatedNumberScheduled"));
    long available = num(path(p, "status", "numberAvailable"));
    return updated >= desired && available >= desired
        ? RolloutState.COMPLETE
        : RolloutState.PROGRESSING;
  }

  private static boolean progressDeadlineExceeded(Map<String, Object> p) {
    Object conditions = path(p, "status", "conditions");
    if (!(conditions instanceof List<?> list)) {
      return false;
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(Map.class::cast)
        .anyMatch(
            c ->
                "Progressing".equals(c.get("type"))
                    && "ProgressDeadlineExceeded".equals(c.get("reason")));
  }

  /** The value at {@code keys} in nested maps, or null when a step is missing or not a map. */
  public static Object path(Map<String, Object> root, String... keys) {
    Object cur = root;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }

  /** A number, or a number in a string (an Argo Rollout's observedGeneration); else 0. */
  private static long num(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    if (o instanceof String s && !s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(s);
    }
    return 0;
  }
}
