package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicyStatus;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The status each ClusterRotationPolicy should have: validity, ties, the namespaces it selects and
 * the CostCredentials it governs. Pure: computed from caches, no I/O.
 */
final class PolicyStatuses {
  private static final int MAX_MESSAGE = 1024;

  private PolicyStatuses() {}

  /** Desired status by policy name; {@code lastTransitionTime} is kept unless Ready flips. */
  static Map<String, ClusterRotationPolicyStatus> compute(
      List<ClusterRotationPolicy> policies,
      Map<String, Map<String, String>> namespaces,
      Collection<CostCredential> credentials,
      Instant now) {
    Map<String, Integer> selected = new HashMap<>();
    Map<String, Set<String>> ties = new HashMap<>();
    Map<String, String> winners = new HashMap<>();
    namespaces.forEach(
        (ns, labels) -> {
          List<ClusterRotationPolicy> selecting =
              policies.stream().filter(p -> Policies.selects(p.getSpec(), labels)).toList();
          selecting.forEach(p -> selected.merge(name(p), 1, Integer::sum));
          recordTie(selecting, ties);
          Policies.winner(selecting, labels).ifPresent(w -> winners.put(ns, name(w)));
        });
    Map<String, Integer> governed = new HashMap<>();
    Set<String> names = new TreeSet<>();
    policies.forEach(p -> names.add(name(p)));
    for (CostCredential c : credentials) {
      String ns = c.getMetadata().getNamespace();
      String winner =
          winners.computeIfAbsent(
              ns, n -> Policies.winner(policies, Map.of()).map(PolicyStatuses::name).orElse(null));
      if (winner != null) {
        governed.merge(winner, 1, Integer::sum);
      }
      String ref = c.getSpec() == null ? null : c.getSpec().getPolicyRef();
      if (ref != null && names.contains(ref) && !ref.equals(winner)) {
        governed.merge(ref, 1, Integer::sum);
      }
    }
    Map<String, ClusterRotationPolicyStatus> out = new HashMap<>();
    for (ClusterRotationPolicy p : policies) {
      ClusterRotationPolicyStatus s = new ClusterRotationPolicyStatus();
      s.setObservedGeneration(p.getMetadata().getGeneration());
      s.setSelectedNamespaces(selected.getOrDefault(name(p), 0));
      s.setGovernedCredentials(governed.getOrDefault(name(p), 0));
      s.setConditions(List.of(ready(p, ties.getOrDefault(name(p), Set.of()), now)));
      out.put(name(p), s);
    }
    return out;
  }

  /** Policies tied at the top priority of one namespace: there only the name decides. */
  private static void recordTie(
      List<ClusterRotationPolicy> selecting, Map<String, Set<String>> ties) {
    int top = selecting.stream().mapToInt(p -> Policies.priority(p.getSpec())).max().orElse(0);
    List<String> tied =
        selecting.stream()
            .filter(p -> Policies.priority(p.getSpec()) == top)
            .map(PolicyStatuses::name)
            .toList();
    if (tied.size() > 1) {
      for (String t : tied) {
        tied.stream()
            .filter(o -> !o.equals(t))
            .forEach(o -> ties.computeIfAbsent(t, k -> new TreeSet<>()).add(o));
      }
    }
  }

  private static Condition ready(ClusterRotationPolicy p, Set<String> tiedWith, Instant now) {
    List<String> problems = Policies.problems(p.getSpec());
    String status;
    String reason;
    String message;
    if (!problems.isEmpty()) {
      status = "False";
      reason = ClusterRotationPolicyStatus.REASON_INVALID_SPEC;
      message = String.join("; ", problems);
    } else if (!tiedWith.isEmpty()) {
      status = "True";
      reason = ClusterRotationPolicyStatus.REASON_PRIORITY_TIE;
      message =
          "has the same priority as "
              + String.join(", ", tiedWith)
              + " in some namespaces; there the name that sorts first wins";
    } else {
      status = "True";
      reason = ClusterRotationPolicyStatus.REASON_VALID;
      message = "the policy is valid";
    }
    String since = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    Condition old = current(p);
    if (old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null) {
      since = old.getLastTransitionTime();
    }
    return new ConditionBuilder()
        .withType(Reasons.READY)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .withObservedGeneration(p.getMetadata().getGeneration())
        .withLastTransitionTime(since)
        .build();
  }

  private static Condition current(ClusterRotationPolicy p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> Reasons.READY.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static String name(ClusterRotationPolicy p) {
    return p.getMetadata().getName();
  }
}
