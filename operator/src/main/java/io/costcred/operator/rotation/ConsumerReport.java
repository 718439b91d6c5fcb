package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.ConsumerRestart;
import io.costcred.operator.api.v1alpha1.ConsumerStatus;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.Consumers;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.restart.WorkloadRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps {@code status.consumers} current: every workload and bare Pod that reads a store Secret,
 * how it gets the new credential and how many of its running pods do not have it yet. Consumers
 * that are not restarted are reported in an Event when they appear and at each rotation (the
 * UnlistedConsumers condition is derived from the status). From informer caches: no API request.
 */
final class ConsumerReport {
  static final int KEPT = 50;
  static final int OLD_PODS_KEPT = 5;
  static final String EVENT = "UnlistedConsumers";
  private static final Comparator<CutOver.Evaluated> ORDER =
      Comparator.comparing((CutOver.Evaluated e) -> e.restart().ordinal())
          .reversed()
          .thenComparing(e -> e.consumer().kind().name())
          .thenComparing(e -> e.consumer().name());
  private final Consumers consumers;
  private final EventSink events;

  ConsumerReport(Consumers consumers, EventSink events) {
    this.consumers = consumers;
    this.events = events;
  }

  /**
   * Evaluates the consumers into the status (written with the next save) and returns them. The
   * unlisted ones are named in an Event when they changed, and when {@code rotationStarts}.
   */
  List<CutOver.Evaluated> update(Run run, RotationPlan plan, boolean rotationStarts) {
    CostCredentialStatus st = run.st();
    ConsumerPolicy policy = plan.consumers();
    List<Consumer> found =
        policy.secrets().isEmpty()
            ? List.of()
            : consumers.of(run.namespace(), policy.secrets().keySet());
    List<CutOver.Evaluated> evaluated =
        found.isEmpty()
            ? List.of()
            : CutOver.evaluate(found, st, policy, targets(run, plan), run.now);
    Set<String> before = unlisted(st.getConsumers());
    List<CutOver.Evaluated> sorted = new ArrayList<>(evaluated);
    sorted.sort(ORDER);
    List<ConsumerStatus> out = new ArrayList<>();
    for (CutOver.Evaluated e : CutOver.first(sorted, KEPT)) {
      out.add(status(e));
    }
    st.setConsumers(out);
    st.setConsumersOmitted(sorted.size() > KEPT ? sorted.size() - KEPT : null);
    Set<String> after = unlisted(out);
    if (!after.isEmpty() && (rotationStarts || !after.equals(before))) {
      events.warning(run.cr(), EVENT, message(after));
    }
    return evaluated;
  }

  static String message(Set<String> unlisted) {
    List<String> names = new ArrayList<>(unlisted);
    String shown = String.join(", ", CutOver.first(names, 5));
    String more = names.size() > 5 ? " and " + (names.size() - 5) + " more" : "";
    return shown
        + more
        + " read the credential's Secret but are not restarted: list them in"
        + " spec.restartTargets, set spec.consumers.restartDiscovered, or restart them yourself"
        + " (scheduled revocation waits for their pods)";
  }

  /** Consumers reported as not restarted, "Kind name", sorted. */
  static Set<String> unlisted(List<ConsumerStatus> consumers) {
    Set<String> out = new TreeSet<>();
    for (ConsumerStatus c : consumers) {
      if (c.getRestart() == ConsumerRestart.NotRestarted) {
        out.add(c.getKind() + " " + c.getName());
      }
    }
    return out;
  }

  /**
   * The spec's restart targets as consumer keys, resolved from the caches (discovered workloads a
   * rotation restarts too stay Discovered); a target that cannot be resolved now (a missing named
   * one fails the next rotation, not this report) counts by its name alone.
   */
  private static Set<String> targets(Run run, RotationPlan plan) {
    Set<String> out = new HashSet<>();
    try {
      for (WorkloadRef ref : plan.targets().get()) {
        out.add(ref.kind().name() + "/" + ref.name());
      }
    } catch (CostCredException | KubernetesClientException e) {
      for (RestartTarget t : run.cr().getSpec().getRestartTargets()) {
        if (t.getName() != null && t.getKind() != null) {
          out.add(t.getKind().name() + "/" + t.getName());
        }
      }
    }
    return out;
  }

  private static ConsumerStatus status(CutOver.Evaluated e) {
    ConsumerStatus s = new ConsumerStatus();
    s.setKind(e.consumer().kind().name());
    s.setName(e.consumer().name());
    s.setRestart(e.restart());
    s.setReads(new ArrayList<>(new LinkedHashSet<>(e.reads().stream().map(Enum::name).toList())));
    s.setPods(e.pods());
    s.setPodsCurrent(e.current());
    s.setPodsOld(e.oldPods().size());
    s.setOldPods(new ArrayList<>(CutOver.first(e.oldPods(), OLD_PODS_KEPT)));
    return s;
  }
}
