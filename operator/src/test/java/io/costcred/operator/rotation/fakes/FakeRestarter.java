package io.costcred.operator.rotation.fakes;

import io.costcred.operator.restart.Restarter;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.Stamp;
import io.costcred.operator.restart.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workloads as fingerprints in their pod template. A restart that changes the fingerprint starts a
 * rollout that stays {@link RolloutState#PROGRESSING} until {@link #finishRollouts} (the test plays
 * the controller) or whatever {@link #hold} says.
 */
public final class FakeRestarter implements Restarter {
  private final Map<String, String> templates = new ConcurrentHashMap<>();
  private final Map<String, RolloutState> states = new ConcurrentHashMap<>();
  private final Map<String, RolloutState> held = new ConcurrentHashMap<>();

  /** Every restart that changed a template: workload name and fingerprint. */
  public final List<String> restarts = new ArrayList<>();

  @Override
  public synchronized void restart(String namespace, WorkloadRef ref, Stamp stamp) {
    String fingerprint = stamp.fingerprint();
    if (fingerprint.equals(templates.get(ref.name()))) {
      return;
    }
    templates.put(ref.name(), fingerprint);
    states.put(ref.name(), RolloutState.PROGRESSING);
    restarts.add(ref.name() + "@" + fingerprint);
  }

  @Override
  public synchronized RolloutState state(String namespace, WorkloadRef ref) {
    RolloutState h = held.get(ref.name());
    return h != null ? h : states.getOrDefault(ref.name(), RolloutState.COMPLETE);
  }

  /** Every rollout in progress completes. */
  public synchronized void finishRollouts() {
    states.replaceAll((k, v) -> RolloutState.COMPLETE);
  }

  /** The workload reports {@code state} until released (null). */
  public synchronized void hold(String name, RolloutState state) {
    if (state == null) {
      held.remove(name);
    } else {
      held.put(name, state);
    }
  }

  public synchronized String template(String name) {
    return templates.get(name);
  }
}
