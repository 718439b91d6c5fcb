package io.costcred.bench;

import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the bench saw for each emergency rotation, and the latency summary over all of them. */
final class EmergencySamples {
  /** The stores of an emergency credential, in the order the operator's spec lists them. */
  static final List<String> STORES = List.of("kubernetesSecret", "openBao", "secretsManager");

  /**
   * One emergency in flight: when the bench first saw the new token in each store (nanoTime, 0 =
   * not yet), and what the credential's status said.
   */
  static final class Emergency {
    final String name;
    final String reason;
    final String oldToken;
    final long t0;
    final long[] seenAt = new long[STORES.size()];
    final String[] newToken = new String[STORES.size()];
    volatile long flagged;
    volatile long completed;
    volatile long conditionTrue;
    volatile String revocation;
    volatile boolean storesAgreedBefore = true;

    Emergency(String name, String reason, String oldToken, long t0) {
      this.name = name;
      this.reason = reason;
      this.oldToken = oldToken;
      this.t0 = t0;
    }

    /** Records the first value that differs from the old token; true if this store is done. */
    synchronized boolean saw(int store, String value, long now) {
      if (seenAt[store] == 0 && value != null && !value.equals(oldToken)) {
        seenAt[store] = now;
        newToken[store] = value;
      }
      return seenAt[store] != 0;
    }

    synchronized long storesAt() {
      long max = 0;
      for (long t : seenAt) {
        if (t == 0) {
          return 0;
        }
        max = Math.max(max, t);
      }
      return max;
    }

    boolean complete() {
      return storesAt() != 0 && flagged != 0 && completed != 0;
    }
  }

  private final List<Double> latency = new ArrayList<>();
  private final List<Double> stores = new ArrayList<>();
  private final List<List<Double>> perStore = new ArrayList<>();
  private final List<Double> flags = new ArrayList<>();
  private final List<Double> completions = new ArrayList<>();
  private final List<Double> rollout = new ArrayList<>();
  private final List<Double> conditions = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  EmergencySamples() {
    STORES.forEach(s -> perStore.add(new ArrayList<>()));
  }

  synchronized void add(Emergency a) {
    if (!a.complete()) {
      StringBuilder seen = new StringBuilder();
      for (int i = 0; i < STORES.size(); i++) {
        seen.append(STORES.get(i)).append(a.seenAt[i] != 0 ? " yes, " : " no, ");
      }
      problems.add(
          a.name
              + ": timed out (new token in "
              + seen
              + "flagged "
              + (a.flagged != 0)
              + ", completed "
              + (a.completed != 0)
              + ")");
      return;
    }
    long storesAt = a.storesAt();
    long doneAt = Math.max(storesAt, a.flagged);
    latency.add(Stats.millisSince(a.t0, doneAt));
    stores.add(Stats.millisSince(a.t0, storesAt));
    for (int i = 0; i < STORES.size(); i++) {
      perStore.get(i).add(Stats.millisSince(a.t0, a.seenAt[i]));
    }
    flags.add(Stats.millisSince(a.t0, a.flagged));
    completions.add(Stats.millisSince(a.t0, a.completed));
    rollout.add(Stats.millisSince(doneAt, Math.max(doneAt, a.completed)));
    if (a.conditionTrue != 0) {
      conditions.add(Stats.millisSince(a.t0, a.conditionTrue));
    }
    check(a);
  }

  private void check(Emergency a) {
    if (a.oldToken == null) {
      problems.add(a.name + ": the Kubernetes Secret had no token before the emergency");
    }
    if (!a.storesAgreedBefore) {
      problems.add(a.name + ": the stores held different tokens before the emergency");
    }
    for (int i = 1; i < STORES.size(); i++) {
      if (!Objects.equals(a.newToken[0], a.newToken[i])) {
        problems.add(a.name + ": " + STORES.get(i) + " holds a different new token");
      }
    }
    if (!EmergencyRevocation.AwaitingManualRevocation.name().equals(a.revocation)
        && !EmergencyRevocation.RevokedByApi.name().equals(a.revocation)) {
      problems.add(a.name + ": lastEmergencyRotation.revocation = " + a.revocation);
    }
    if (a.conditionTrue == 0) {
      problems.add(a.name + ": RevocationRequired never became True");
    }
  }

  synchronized void problem(String text) {
    problems.add(text);
  }

  synchronized Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", latency.size());
    out.put("latencyMs", Stats.summary(latency, 1));
    out.put("newTokenInEveryStoreMs", Stats.summary(stores, 1));
    Map<String, Object> each = new LinkedHashMap<>();
    for (int i = 0; i < STORES.size(); i++) {
      each.put(STORES.get(i), Stats.summary(perStore.get(i), 1));
    }
    out.put("newTokenSeenPerStoreMs", each);
    out.put("oldTokenFlaggedMs", Stats.summary(flags, 1));
    out.put("revocationRequiredConditionMs", Stats.summary(conditions, 1));
    out.put("completedIncludingRolloutMs", Stats.summary(completions, 1));
    out.put("rolloutWaitMs", Stats.summary(rollout, 1));
    out.put("latencySamplesMs", latency);
    out.put("problems", new ArrayList<>(problems));
    return out;
  }
}
