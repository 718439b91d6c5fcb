package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.ConsumerKind;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.consumers.CachedRecord;
import io.costcred.operator.consumers.CompactStore;
import io.costcred.operator.consumers.ConsumerCaches;
import io.costcred.operator.consumers.TemplateRecord;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers that fill {@link ConsumerCaches}: Pods, ReplicaSets, Jobs, CronJobs and the
 * workloads (Deployments, StatefulSets, DaemonSets, and Argo Rollouts where the API server serves
 * them) of one scope. An event reconciles the CostCredentials of the object's namespace whose
 * Kubernetes-Secret stores it reads (or read before this update), and for a workload those that
 * name it as a restart target. Updates that leave the compact record alone (a Pod status update
 * that keeps phase and deletion, a ReplicaSet's replica counts, a workload's status within one
 * rollout state) reconcile nothing.
 */
final class ConsumerSources {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerSources.class);
  private final ConsumerCaches caches;
  private final long page;
  private final boolean updates;
  private final PrimaryIndex index;

  /**
   * @param updates false: an update of a Pod or workload reconciles nothing (only creation and
   *     deletion do), as with {@code --no-rollout-events}, where rollouts are polled instead
   */
  ConsumerSources(ConsumerCaches caches, long page, boolean updates, PrimaryIndex index) {
    this.caches = caches;
    this.index = index;
    this.page = page;
    this.updates = updates;
  }

  /** True when the API server serves Argo Rollouts (API discovery: no CRD read needed). */
  static boolean servesRollouts(KubernetesClient client) {
    WorkloadKind r = WorkloadKind.Rollout;
    try {
      boolean served = client.supports(r.apiVersion(), r.name());
      LOG.info("{} {} {}", r.apiVersion(), r.name(), served ? "served: watched" : "not served");
      return served;
    } catch (KubernetesClientException e) {
      LOG.warn("API discovery of {} failed (HTTP {}): not watched", r.apiVersion(), e.getCode());
      return false;
    }
  }

  /**
   * The kinds whose watches start only when a scope needs them ({@link LazySources}): most
   * namespaces have none of them. CronJobs are watched from the start, as a CronJob is usually a
   * consumer with no Pod running.
   */
  static final Set<ConsumerKind> LAZY =
      EnumSet.of(
          ConsumerKind.Job, ConsumerKind.StatefulSet, ConsumerKind.DaemonSet, ConsumerKind.Rollout);

  /** The event sources of one scope ({@link ConsumerCaches#ALL} or a namespace), all started. */
  List<InformerEventSource<?, CostCredential>> of(
      EventSourceContext<CostCredential> ctx, String scope, boolean rollouts) {
    return of(ctx, scope, rollouts, null);
  }

  /**
   * The event sources of one scope to start with the controller; with {@code later}, those of the
   * {@link #LAZY} kinds go there instead, to start when the scope needs them.
   */
  List<InformerEventSource<?, CostCredential>> of(
      EventSourceContext<CostCredential> ctx, String scope, boolean rollouts, LazySources later) {
    List<InformerEventSource<?, CostCredential>> out = new ArrayList<>();
    out.add(source(ctx, scope, ConsumerKind.Pod, from(Pod.class), caches.pods(scope), null));
    out.add(
        source(
            ctx,
            scope,
            ConsumerKind.ReplicaSet,
            from(ReplicaSet.class),
            caches.replicaSets(scope),
            null));
    add(
        out,
        later,
        ConsumerKind.Job,
        scope,
        c -> source(c, scope, ConsumerKind.Job, from(Job.class), caches.jobs(scope), null),
        ctx);
    out.add(
        source(
            ctx, scope, ConsumerKind.CronJob, from(CronJob.class), caches.cronJobs(scope), null));
    for (WorkloadKind kind : WorkloadKind.values()) {
      if (kind == WorkloadKind.Rollout && !rollouts) {
        continue;
      }
      ConsumerKind consumer = ConsumerKind.valueOf(kind.name());
      add(
          out,
          later,
          consumer,
          scope,
          c ->
              source(
                  c,
                  scope,
                  consumer,
                  InformerEventSourceConfiguration.from(
                      new GroupVersionKind(kind.apiVersion(), kind.name()), CostCredential.class),
                  caches.workloads(kind, scope, c.getClient().getKubernetesSerialization()),
                  kind),
          ctx);
    }
    return out;
  }

  /** Builds the source now, or leaves it to {@code later} when its kind is lazy. */
  private static void add(
      List<InformerEventSource<?, CostCredential>> out,
      LazySources later,
      ConsumerKind kind,
      String scope,
      Function<EventSourceContext<CostCredential>, InformerEventSource<?, CostCredential>> build,
      EventSourceContext<CostCredential> ctx) {
    if (later != null && LAZY.contains(kind)) {
      later.add(kind.name(), scope, build::apply, s -> {});
    } else {
      out.add(build.apply(ctx));
    }
  }

  private static <T extends HasMetadata> InformerEventSourceConfiguration.Builder<T> from(
      Class<T> type) {
    return InformerEventSourceConfiguration.from(type, CostCredential.class);
  }

  private <T extends HasMetadata, C extends CachedRecord>
      InformerEventSource<T, CostCredential> source(
          EventSourceContext<CostCredential> ctx,
          String scope,
          ConsumerKind kind,
          InformerEventSourceConfiguration.Builder<T> b,
          CompactStore<T, C> store,
          WorkloadKind target) {
    b.withName("consumers-" + kind.name().toLowerCase(Locale.ROOT) + ReferenceWatches.suffix(scope))
        .withItemStore(store)
        .withInformerListLimit(page)
        .withSecondaryToPrimaryMapper(o -> affected(ctx, store, o, target))
        // A mapper back, so JOSDK keeps no primary-to-secondary index of its own: that index held
        // a set of ids per CostCredential and source, and ran the mapper above twice per event.
        .withPrimaryToSecondaryMapper(
            (CostCredential cr) -> readers(store, cr, target, cr.getMetadata().getNamespace()));
    if (updates) {
      b.withOnUpdateFilter((T now, T before) -> store.changed(before, now));
    } else if (target == null) {
      // The poll of earlier releases: Pods, ReplicaSets, Jobs and CronJobs reconcile nothing.
      b.withOnAddFilter(o -> false)
          .withOnUpdateFilter((T now, T before) -> false)
          .withOnDeleteFilter((o, unknown) -> false);
    } else {
      // ... and a workload only by appearing, disappearing or changing its labels.
      b.withOnUpdateFilter((T now, T before) -> labelsChanged(store, before, now));
    }
    var source = new InformerEventSource<>(ReferenceWatches.scoped(b, scope).build(), ctx);
    caches.onSynced(kind, scope, () -> synced(source));
    return source;
  }

  private static <T extends HasMetadata, C extends CachedRecord> boolean labelsChanged(
      CompactStore<T, C> store, T before, T now) {
    C was = store.recordOf(before);
    C is = store.recordOf(now);
    return was instanceof TemplateRecord w
        && is instanceof TemplateRecord i
        && !w.labels().equals(i.labels());
  }

  /** Every informer of the source has listed once (none before it starts). */
  private static boolean synced(InformerEventSource<?, ?> source) {
    Map<String, InformerHealthIndicator> informers = source.informerHealthIndicators();
    return !informers.isEmpty()
        && informers.values().stream().allMatch(InformerHealthIndicator::hasSynced);
  }

  /**
   * The CostCredentials of the object's namespace that store into a Secret it reads or read before
   * this update, and for a workload those that name it as a restart target.
   */
  private <T extends HasMetadata, C extends CachedRecord> Set<ResourceID> affected(
      EventSourceContext<CostCredential> ctx, CompactStore<T, C> store, T o, WorkloadKind target) {
    C r = store.recordOf(o);
    Set<String> read = new HashSet<>(r.reads().keySet());
    read.addAll(store.droppedReads(o));
    if (read.isEmpty() && target == null) {
      return Set.of();
    }
    Map<String, String> labels = r instanceof TemplateRecord t ? t.labels() : Map.of();
    String ns = o.getMetadata().getNamespace();
    String name = o.getMetadata().getName();
    Stream<CostCredential> candidates =
        index.lookup(
            ctx,
            PrimaryIndex.STORE_SECRETS,
            read.stream().map(n -> PrimaryIndex.secretKey(ns, n)).toList());
    if (target != null) {
      candidates =
          Stream.concat(
              candidates,
              index.lookup(
                  ctx,
                  PrimaryIndex.TARGETS,
                  List.of(
                      PrimaryIndex.targetKey(ns, target, name),
                      PrimaryIndex.selectorKey(ns, target))));
    }
    Set<ResourceID> ids = affected(candidates, read, target, name, labels);
    if (!ids.isEmpty() && LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {}/{} at {} reconciles {}",
          o.getKind(),
          o.getMetadata().getNamespace(),
          o.getMetadata().getName(),
          o.getMetadata().getResourceVersion(),
          ids);
    }
    return ids;
  }

  /**
   * The inverse of {@link #affected}: the objects of {@code store} in {@code namespace} that read
   * one of the CostCredential's store Secrets, or for a workload kind that it names as a restart
   * target. Only {@code getSecondaryResources} asks for it; the engine reads {@link
   * ConsumerCaches}.
   */
  static <C extends CachedRecord> Set<ResourceID> readers(
      CompactStore<?, C> store, CostCredential cr, WorkloadKind target, String namespace) {
    Set<String> keys =
        new HashSet<>(store.readers(namespace, References.storeSecrets(cr)).keySet());
    if (target != null) {
      for (RestartTarget t : References.targets(cr)) {
        if (t.getKind() != target) {
          continue;
        }
        if (t.getName() != null) {
          keys.add(namespace + "/" + t.getName());
        } else {
          store.namespace(namespace).entrySet().stream()
              .filter(
                  e ->
                      e.getValue() instanceof TemplateRecord r
                          && ConsumerCaches.matches(t.getMatchLabels(), r.labels()))
              .forEach(e -> keys.add(e.getKey()));
        }
      }
    }
    return keys.stream()
        .filter(k -> store.record(k) != null)
        .map(k -> new ResourceID(CompactStore.name(k), namespace))
        .collect(Collectors.toSet());
  }

  /**
   * Of {@code candidates} (CostCredentials of the object's namespace), those that store into one of
   * {@code read}, or select the workload {@code target}/{@code name} with these labels.
   */
  static Set<ResourceID> affected(
      Stream<CostCredential> candidates,
      Set<String> read,
      WorkloadKind target,
      String name,
      Map<String, String> labels) {
    return candidates
        .filter(
            cr ->
                References.storeSecrets(cr).stream().anyMatch(read::contains)
                    || target != null
                        && References.targets(cr).stream()
                            .anyMatch(t -> References.selects(t, target.name(), name, labels)))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }
}
