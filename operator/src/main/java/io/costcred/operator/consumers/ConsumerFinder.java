package io.costcred.operator.consumers;

import io.costcred.operator.api.v1alpha1.ConsumerKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One {@link Consumers#of} answer. A Pod belongs to the top of its owner chain: Pod -> ReplicaSet
 * -> Deployment or Rollout, Pod -> Job -> CronJob, Pod -> StatefulSet or DaemonSet; a ReplicaSet or
 * Job without a controller is its own consumer, and so is a Pod without a controller of a kind the
 * chain follows. Workloads, CronJobs and controller-less ReplicaSets and Jobs whose template reads
 * a Secret are consumers even with no Pod. A Pod that has finished (Succeeded, Failed) never runs
 * again and makes nothing a consumer; only Running Pods are listed.
 */
final class ConsumerFinder {
  private static final Set<ConsumerKind> TOPS =
      EnumSet.of(
          ConsumerKind.Deployment,
          ConsumerKind.StatefulSet,
          ConsumerKind.DaemonSet,
          ConsumerKind.Rollout,
          ConsumerKind.CronJob);
  private static final Set<ConsumerKind> OWNED =
      EnumSet.of(ConsumerKind.ReplicaSet, ConsumerKind.Job);

  private final ConsumerCaches caches;
  private final String namespace;
  private final Set<String> secrets;
  private final Map<Owner, Found> found = new HashMap<>();

  /** A consumer being assembled. */
  private static final class Found {
    final Map<String, Set<Access>> reads = new TreeMap<>();
    final List<PodView> pods = new ArrayList<>();

    void read(Map<String, Set<Access>> more) {
      more.forEach(
          (name, how) -> {
            Set<Access> all = EnumSet.noneOf(Access.class);
            all.addAll(how);
            all.addAll(reads.getOrDefault(name, Set.of()));
            reads.put(name, SecretReads.canonical(all));
          });
    }
  }

  ConsumerFinder(ConsumerCaches caches, String namespace, Set<String> secrets) {
    this.caches = caches;
    this.namespace = namespace;
    this.secrets = Set.copyOf(secrets);
  }

  List<Consumer> find() {
    if (secrets.isEmpty()) {
      return List.of();
    }
    for (ConsumerKind kind : ConsumerKind.values()) {
      if (TOPS.contains(kind) || OWNED.contains(kind)) {
        caches
            .templateReaders(kind, namespace, secrets)
            .forEach(
                (key, r) -> {
                  Map<String, Set<Access>> reads = asked(r.reads());
                  if (!reads.isEmpty() && (TOPS.contains(kind) || r.controller() == null)) {
                    consumer(new Owner(kind, CompactStore.name(key))).read(reads);
                  }
                });
      }
    }
    caches.podReaders(namespace, secrets).forEach(this::pod);
    found.keySet().forEach(o -> caches.met(o.kind(), namespace));
    return found.entrySet().stream()
        .map(e -> new Consumer(e.getKey().kind(), e.getKey().name(), e.getValue().reads, sorted(e)))
        .sorted(Comparator.comparing(Consumer::kind).thenComparing(Consumer::name))
        .toList();
  }

  private void pod(String key, PodRecord p) {
    Map<String, Set<Access>> reads = asked(p.reads());
    if (reads.isEmpty() || p.phase().terminal()) {
      return;
    }
    String name = CompactStore.name(key);
    Found f = consumer(top(p.controller(), name));
    f.read(reads);
    if (p.phase() == PodRecord.Phase.Running) {
      f.pods.add(
          new PodView(
              name, Instant.ofEpochSecond(p.createdAt()), p.terminating(), p.annotations()));
    }
  }

  /** The top of a Pod's owner chain, as far as the caches know it. */
  private Owner top(Owner controller, String podName) {
    if (controller == null) {
      return new Owner(ConsumerKind.Pod, podName);
    }
    if (!OWNED.contains(controller.kind())) {
      return controller;
    }
    caches.met(controller.kind(), namespace); // a Job's watch tells its CronJob
    TemplateRecord owner = caches.templateRecord(controller.kind(), namespace, controller.name());
    return owner == null || owner.controller() == null ? controller : owner.controller();
  }

  private Found consumer(Owner o) {
    return found.computeIfAbsent(o, k -> new Found());
  }

  private Map<String, Set<Access>> asked(Map<String, Set<Access>> reads) {
    if (reads.isEmpty()) {
      return Map.of();
    }
    Map<String, Set<Access>> out = new HashMap<>();
    reads.forEach(
        (name, how) -> {
          if (secrets.contains(name)) {
            out.put(name, how);
          }
        });
    return out;
  }

  private static List<PodView> sorted(Map.Entry<Owner, Found> e) {
    List<PodView> pods = new ArrayList<>(e.getValue().pods);
    pods.sort(Comparator.comparing(PodView::name));
    return pods;
  }
}
