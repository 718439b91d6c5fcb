package io.costcred.operator.consumers;

import io.costcred.operator.api.v1alpha1.ConsumerKind;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.WorkloadCache;
import io.costcred.operator.restart.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The compact caches of Pods, ReplicaSets, Jobs, CronJobs and workloads, one store per kind and
 * informer scope (a watched namespace, or {@link #ALL}); answers {@link Consumers} and {@link
 * WorkloadCache} from them without an API request. The informers that fill the stores are
 * registered elsewhere (reconciler.ReferenceWatches), which also reports when each has synced.
 */
public final class ConsumerCaches implements Consumers, WorkloadCache {
  /** The scope of an informer that watches every namespace. */
  public static final String ALL = "";

  private final Map<ConsumerKind, Map<String, CompactStore<?, ?>>> stores =
      new EnumMap<>(ConsumerKind.class);
  private final Map<ConsumerKind, Map<String, BooleanSupplier>> synced =
      new EnumMap<>(ConsumerKind.class);
  private volatile BiConsumer<ConsumerKind, String> demand = (kind, namespace) -> {};

  public ConsumerCaches() {
    for (ConsumerKind k : ConsumerKind.values()) {
      stores.put(k, new ConcurrentHashMap<>());
      synced.put(k, new ConcurrentHashMap<>());
    }
  }

  /** The Pod store of a scope, created on first use. */
  public CompactStore<Pod, PodRecord> pods(String scope) {
    return store(
        ConsumerKind.Pod,
        scope,
        () ->
            new CompactStore<>(
                PodRecord.class,
                (Pod p, PodRecord before) -> Records.pod(p, before),
                Pod::new,
                Pod::getAdditionalProperties));
  }

  public CompactStore<ReplicaSet, TemplateRecord> replicaSets(String scope) {
    return store(
        ConsumerKind.ReplicaSet,
        scope,
        () ->
            new CompactStore<>(
                TemplateRecord.class,
                (ReplicaSet r, TemplateRecord before) -> Records.replicaSet(r, before),
                ReplicaSet::new,
                ReplicaSet::getAdditionalProperties));
  }

  public CompactStore<Job, TemplateRecord> jobs(String scope) {
    return store(
        ConsumerKind.Job,
        scope,
        () ->
            new CompactStore<>(
                TemplateRecord.class,
                (Job j, TemplateRecord before) -> Records.job(j, before),
                Job::new,
                Job::getAdditionalProperties));
  }

  public CompactStore<CronJob, TemplateRecord> cronJobs(String scope) {
    return store(
        ConsumerKind.CronJob,
        scope,
        () ->
            new CompactStore<>(
                TemplateRecord.class,
                (CronJob c, TemplateRecord before) -> Records.cronJob(c, before),
                CronJob::new,
                CronJob::getAdditionalProperties));
  }

  /** A workload kind's store of a scope (generic objects: the rollout state reads them so). */
  public CompactStore<GenericKubernetesResource, TemplateRecord> workloads(
      WorkloadKind kind, String scope, KubernetesSerialization serialization) {
    return store(
        consumerKind(kind),
        scope,
        () ->
            new CompactStore<>(
                TemplateRecord.class,
                (GenericKubernetesResource r, TemplateRecord before) ->
                    Records.workload(kind, r, before, serialization),
                GenericKubernetesResource::new,
                GenericKubernetesResource::getAdditionalProperties));
  }

  /**
   * Told of each kind consumer discovery meets in a namespace (a Pod's or a ReplicaSet's owner, a
   * consumer found): where the watches of some kinds start only when needed, this starts them.
   */
  public void demand(BiConsumer<ConsumerKind, String> demand) {
    this.demand = demand;
  }

  /** A kind consumer discovery met in a namespace ({@link #demand}). */
  void met(ConsumerKind kind, String namespace) {
    demand.accept(kind, namespace);
  }

  /** Tells when the informer filling a store has synced; until then lookups answer nothing. */
  public void onSynced(ConsumerKind kind, String scope, BooleanSupplier hasSynced) {
    synced.get(kind).put(scope, hasSynced);
  }

  /**
   * The records of a workload kind in {@code namespace} by key ({@code namespace/name}), or empty
   * when no informer watches that kind there.
   */
  public Optional<Map<String, TemplateRecord>> workloadRecords(
      WorkloadKind kind, String namespace) {
    CompactStore<?, TemplateRecord> s = templateStore(consumerKind(kind), namespace);
    return s == null ? Optional.empty() : Optional.of(s.namespace(namespace));
  }

  @Override
  public List<Consumer> of(String namespace, Set<String> secretNames) {
    return new ConsumerFinder(this, namespace, secretNames).find();
  }

  @Override
  public Optional<Snapshot> lookup(String namespace, WorkloadRef ref) {
    return syncedWorkloads(ref.kind(), namespace)
        .map(
            records -> {
              TemplateRecord r = records.get(namespace + "/" + ref.name());
              return r == null
                  ? new Snapshot(RolloutState.MISSING, Map.of())
                  : new Snapshot(r.state(), r.annotations());
            });
  }

  @Override
  public Optional<List<String>> select(
      String namespace, WorkloadKind kind, Map<String, String> matchLabels) {
    return syncedWorkloads(kind, namespace)
        .map(
            records ->
                records.entrySet().stream()
                    .filter(e -> matches(matchLabels, e.getValue().labels()))
                    .map(e -> CompactStore.name(e.getKey()))
                    .sorted()
                    .toList());
  }

  /** Every label of a non-empty selector is on the object (as References.selects decides). */
  public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels.entrySet().containsAll(selector.entrySet());
  }

  /** The Pod records of a namespace that read one of {@code secrets}, by key. */
  @SuppressWarnings("unchecked")
  Map<String, PodRecord> podReaders(String namespace, Set<String> secrets) {
    var s = (CompactStore<?, PodRecord>) storeFor(ConsumerKind.Pod, namespace);
    return s == null ? Map.of() : s.readers(namespace, secrets);
  }

  /** The template records of a kind (not Pod) in a namespace that read one of {@code secrets}. */
  Map<String, TemplateRecord> templateReaders(
      ConsumerKind kind, String namespace, Set<String> secrets) {
    CompactStore<?, TemplateRecord> s = templateStore(kind, namespace);
    return s == null ? Map.of() : s.readers(namespace, secrets);
  }

  /** The template record of a kind (not Pod) under {@code namespace/name}, or null. */
  TemplateRecord templateRecord(ConsumerKind kind, String namespace, String name) {
    CompactStore<?, TemplateRecord> s = templateStore(kind, namespace);
    return s == null ? null : s.record(namespace + "/" + name);
  }

  private Optional<Map<String, TemplateRecord>> syncedWorkloads(WorkloadKind kind, String ns) {
    ConsumerKind k = consumerKind(kind);
    CompactStore<?, TemplateRecord> s = templateStore(k, ns);
    BooleanSupplier ready = scoped(synced.get(k), ns);
    if (s == null || ready == null || !ready.getAsBoolean()) {
      return Optional.empty();
    }
    return Optional.of(s.namespace(ns));
  }

  @SuppressWarnings("unchecked")
  private CompactStore<?, TemplateRecord> templateStore(ConsumerKind kind, String namespace) {
    if (kind == ConsumerKind.Pod) {
      throw new IllegalArgumentException("Pods have no template store");
    }
    return (CompactStore<?, TemplateRecord>) storeFor(kind, namespace);
  }

  private CompactStore<?, ?> storeFor(ConsumerKind kind, String namespace) {
    return scoped(stores.get(kind), namespace);
  }

  @SuppressWarnings("unchecked")
  private <S extends CompactStore<?, ?>> S store(
      ConsumerKind kind, String scope, java.util.function.Supplier<S> create) {
    return (S) stores.get(kind).computeIfAbsent(scope, s -> create.get());
  }

  /** A store of the all-namespaces informer, else of the namespace's own. */
  private static <S> S scoped(Map<String, S> byScope, String namespace) {
    S all = byScope.get(ALL);
    return all != null ? all : byScope.get(namespace);
  }

  private static ConsumerKind consumerKind(WorkloadKind kind) {
    return ConsumerKind.valueOf(kind.name());
  }
}
