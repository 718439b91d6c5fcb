package io.costcred.operator.restart;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restart targets as the informer caches last saw them, so that resolving targets and following a
 * rollout costs no API request. Empty answers mean "not cached here" (the kind or namespace is not
 * watched): the caller then asks the API server.
 */
public interface WorkloadCache {
  /** No cache: every answer is empty. */
  WorkloadCache NONE =
      new WorkloadCache() {
        @Override
        public Optional<Snapshot> lookup(String namespace, WorkloadRef ref) {
          return Optional.empty();
        }

        @Override
        public Optional<List<String>> select(
            String namespace,
            io.costcred.operator.api.v1alpha1.WorkloadKind kind,
            Map<String, String> matchLabels) {
          return Optional.empty();
        }
      };

  /**
   * A cached workload: its rollout state ({@link RolloutState#MISSING} when the synced cache has no
   * such object) and the {@code costcred.io/} annotations of its pod template (for a Rollout, of
   * its metadata, where the restart records the fingerprint beside {@code spec.restartAt}).
   */
  record Snapshot(RolloutState state, Map<String, String> annotations) {
    public Snapshot {
      annotations = Map.copyOf(annotations);
    }
  }

  /** The workload, if its kind and namespace are cached. */
  Optional<Snapshot> lookup(String namespace, WorkloadRef ref);

  /** Names of the workloads of {@code kind} whose labels match, sorted; empty if not cached. */
  Optional<List<String>> select(
      String namespace,
      io.costcred.operator.api.v1alpha1.WorkloadKind kind,
      Map<String, String> matchLabels);
}
