package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.ConnectionKind;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.connection.ConnectionSource;
import io.costcred.operator.consumers.ConsumerCaches;
import io.costcred.operator.consumers.TemplateRecord;
import io.costcred.operator.rotation.ReferenceVersions;
import io.costcred.operator.store.SecretVersions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Watches what CostCredentials reference, so that a fix is noticed at once and not at the next
 * retry: the Secrets they read ({@link References#secrets}), the connections they name and their
 * restart targets; and who reads their Kubernetes-Secret stores ({@link References#storeSecrets}):
 * Pods, ReplicaSets, Jobs, CronJobs and workloads ({@link ConsumerSources}). A change of a
 * referenced object, or of a reader, reconciles exactly the CostCredentials concerned; a change of
 * any other object reconciles nothing. Those CostCredentials are found with lookups in indexes of
 * the CostCredential cache ({@link PrimaryIndex}), never by scanning a namespace's CostCredentials,
 * and every source also maps back (primary to secondary), so that JOSDK keeps no index of its own.
 * The same caches answer {@link #of}, the reference versions the engine records with a failure, and
 * {@link #consumers()}: the consumers of store Secrets and the restart targets' rollout state, with
 * no API request.
 *
 * <p>Memory and secrecy: the Secret and consumer caches keep compact records, never a Secret's
 * values, a spec, or an annotation outside {@code costcred.io/}: a Secret's name, uid, version and
 * key names ({@link SecretMetadataStore}); a Pod's phase, deletion, controller and the Secrets its
 * spec reads; a template's reads and a workload's labels, uid and rollout state ({@link
 * io.costcred.operator.consumers.CompactStore}). One informer per kind and watched namespace (all
 * namespaces when the operator watches all), each with its own store; the first list is paged.
 * Updates that change nothing in those records are filtered out.
 */
public final class ReferenceWatches implements ReferenceVersions {
  static final String ABSENT = "absent";
  static final String UNWATCHED = "unwatched";
  private static final String CONNECTIONS = "CredentialConnection";
  private static final String ALL = ConsumerCaches.ALL;
  private static final long LIST_PAGE = 100;

  private final References references;
  private final Set<String> namespaces;
  private final String operatorNamespace;
  private final boolean watchSecrets;
  private final Map<String, SecretMetadataStore> secrets = new ConcurrentHashMap<>();
  private final Map<String, InformerEventSource<CredentialConnection, CostCredential>>
      tenantConnections = new ConcurrentHashMap<>();
  private volatile InformerEventSource<ClusterCredentialConnection, CostCredential>
      platformConnections;
  private final ConsumerCaches consumers = new ConsumerCaches();
  private final ConsumerSources consumerSources;
  private final PrimaryIndex index;
  private final LazySources later; // null: every watch starts with the controller

  /**
   * @param namespaces the operator's watched namespaces; empty for all
   * @param watchSecrets false: no Secret watch (a Secret's version is then {@value #UNWATCHED})
   */
  public ReferenceWatches(Set<String> namespaces, String operatorNamespace, boolean watchSecrets) {
    this(namespaces, operatorNamespace, watchSecrets, true);
  }

  /**
   * @param rolloutEvents false: Pod and workload updates reconcile nothing (rollouts are polled)
   */
  public ReferenceWatches(
      Set<String> namespaces,
      String operatorNamespace,
      boolean watchSecrets,
      boolean rolloutEvents) {
    this(namespaces, operatorNamespace, watchSecrets, rolloutEvents, null, false);
  }

  /**
   * @param stores the packed stores of the controller's informers, which index the CostCredentials
   *     themselves; null: the informer's indexes
   * @param lazy true: the watches of kinds a namespace may never have start when a CostCredential
   *     there first needs them ({@link LazySources}, {@link #startNeeded})
   */
  public ReferenceWatches(
      Set<String> namespaces,
      String operatorNamespace,
      boolean watchSecrets,
      boolean rolloutEvents,
      PackedStores stores,
      boolean lazy) {
    this.later = lazy ? new LazySources() : null;
    if (lazy) {
      consumers.demand((kind, ns) -> want(kind.name(), ns));
    }
    this.index = new PrimaryIndex(stores);
    this.consumerSources = new ConsumerSources(consumers, LIST_PAGE, rolloutEvents, index);
    // Connections are read from this class's own informers: cache only, never an API request on
    // the event path or at every reconcile (a missing connection is simply absent).
    this.references = new References(new CachedConnections(), operatorNamespace);
    this.namespaces = Set.copyOf(namespaces);
    this.operatorNamespace = operatorNamespace;
    this.watchSecrets = watchSecrets;
  }

  /**
   * The consumers of store Secrets and the restart targets' state, from this class's informer
   * caches (empty answers until {@link #eventSources} has run and the informers have synced).
   */
  public ConsumerCaches consumers() {
    return consumers;
  }

  /** The event sources to register with the CostCredential controller. */
  public List<EventSource<?, CostCredential>> eventSources(EventSourceContext<CostCredential> ctx) {
    List<EventSource<?, CostCredential>> out = new ArrayList<>();
    index.register(ctx);
    platformConnections = new InformerEventSource<>(platformConnectionConfig(ctx), ctx);
    out.add(platformConnections);
    boolean rollouts = ConsumerSources.servesRollouts(ctx.getClient());
    for (String ns : scopes()) {
      if (later == null) {
        var connections = new InformerEventSource<>(tenantConnectionConfig(ctx, ns), ctx);
        tenantConnections.put(ns, connections);
        out.add(connections);
      } else {
        later.add(
            CONNECTIONS,
            ns,
            c -> new InformerEventSource<>(tenantConnectionConfig(c, ns), c),
            started -> tenantConnections.put(ns, tenantSource(started)));
      }
      if (watchSecrets) {
        var store = new SecretMetadataStore();
        secrets.put(ns, store);
        out.add(new InformerEventSource<>(secretConfig(ctx, ns, store), ctx));
      }
      out.addAll(consumerSources.of(ctx, ns, rollouts, later));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<CredentialConnection, CostCredential> tenantSource(
      EventSource<?, CostCredential> s) {
    return (InformerEventSource<CredentialConnection, CostCredential>) s;
  }

  /**
   * Starts the watches this CostCredential's namespace needs and does not have yet: those of its
   * restart targets' kinds and of its connections (from its spec), and those consumer discovery
   * asked for since ({@link ConsumerCaches#demand}). Blocks until each has listed; a watch that
   * cannot start throws (the reconcile backs off). Nothing to do without lazy watches.
   *
   * @param cr the CostCredential about to be reconciled, or null for what discovery asked alone
   */
  public void startNeeded(CostCredential cr, EventSourceRetriever<CostCredential> retriever) {
    if (later == null) {
      return;
    }
    if (cr != null) {
      String ns = cr.getMetadata().getNamespace();
      for (RestartTarget t : References.targets(cr)) {
        if (t.getKind() != null) {
          want(t.getKind().name(), ns);
        }
      }
      for (References.Connection c : References.connections(cr)) {
        if (c.kind() == ConnectionKind.CredentialConnection) {
          want(CONNECTIONS, c.namespace());
        }
      }
    }
    if (later.anyWanted()) {
      later.startWanted(retriever);
    }
  }

  /** Lazy watches running and waiting (tests, diagnostics); {0, 0} without lazy watches. */
  public int[] lazyWatches() {
    return later == null ? new int[] {0, 0} : later.counts();
  }

  private void want(String kind, String ns) {
    if (ns == null) {
      return;
    }
    if (namespaces.isEmpty()) {
      later.want(kind, ALL);
    } else if (namespaces.contains(ns)) {
      later.want(kind, ns);
    }
  }

  /**
   * The Secret informer's uid and resourceVersion of a Secret, from its cache ({@link
   * SecretVersions#NONE} when Secrets are not watched: every read then goes to the API server).
   */
  public SecretVersions secretVersions() {
    if (!watchSecrets) {
      return SecretVersions.NONE;
    }
    return (namespace, name) -> {
      SecretMetadataStore store = sourceFor(secrets, namespace);
      return store == null ? Optional.empty() : store.seen(namespace + "/" + name);
    };
  }

  @Override
  public String of(CostCredential cr) {
    String ns = cr.getMetadata().getNamespace();
    StringBuilder out = new StringBuilder();
    for (References.Key k : references.secrets(cr)) {
      out.append("Secret ").append(k).append('=').append(secretVersion(k)).append(';');
    }
    for (References.Connection c : References.connections(cr)) {
      out.append(c).append('=').append(connectionVersion(c)).append(';');
    }
    for (RestartTarget t : References.targets(cr)) {
      out.append(t.getKind())
          .append(' ')
          .append(t.getName() != null ? t.getName() : selector(t))
          .append('=')
          .append(targetVersion(ns, t))
          .append(';');
    }
    return out.toString();
  }

  private static String selector(RestartTarget t) {
    return t.getMatchLabels() == null
        ? "{}"
        : new java.util.TreeMap<>(t.getMatchLabels()).toString();
  }

  private List<String> scopes() {
    return namespaces.isEmpty() ? List.of(ALL) : List.copyOf(new TreeSet<>(namespaces));
  }

  /**
   * Secrets: an update that only removes keys (the operator taking a token out of a pool) is not a
   * change a CostCredential waits for, and reconciles nothing.
   */
  private InformerEventSourceConfiguration<Secret> secretConfig(
      EventSourceContext<CostCredential> ctx, String ns, SecretMetadataStore store) {
    var b =
        InformerEventSourceConfiguration.from(Secret.class, CostCredential.class)
            .withName("referenced-secrets" + suffix(ns))
            .withItemStore(store)
            .withInformerListLimit(LIST_PAGE)
            .withOnUpdateFilter(
                (Secret now, Secret before) -> !SecretMetadataStore.onlyRemovedKeys(before, now))
            .withSecondaryToPrimaryMapper(s -> referencingSecret(ctx, s))
            .withPrimaryToSecondaryMapper(
                (CostCredential cr) ->
                    references.secrets(cr).stream()
                        .map(k -> new ResourceID(k.name(), k.namespace()))
                        .collect(Collectors.toSet()));
    return scoped(b, ns).build();
  }

  static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> scoped(
      InformerEventSourceConfiguration.Builder<R> b, String ns) {
    return ns.equals(ALL) ? b.withWatchAllNamespaces() : b.withNamespaces(Set.of(ns));
  }

  /** Connections hold no secret: their informers keep whole objects (they are small). */
  private InformerEventSourceConfiguration<CredentialConnection> tenantConnectionConfig(
      EventSourceContext<CostCredential> ctx, String ns) {
    var b =
        InformerEventSourceConfiguration.from(CredentialConnection.class, CostCredential.class)
            .withName("referenced-connections" + suffix(ns))
            .withSecondaryToPrimaryMapper(
                c ->
                    naming(
                        ctx,
                        new References.Connection(
                            ConnectionKind.CredentialConnection,
                            c.getMetadata().getNamespace(),
                            c.getMetadata().getName())))
            .withPrimaryToSecondaryMapper(
                (CostCredential cr) -> named(cr, ConnectionKind.CredentialConnection));
    return scoped(b, ns).build();
  }

  private InformerEventSourceConfiguration<ClusterCredentialConnection> platformConnectionConfig(
      EventSourceContext<CostCredential> ctx) {
    return InformerEventSourceConfiguration.from(
            ClusterCredentialConnection.class, CostCredential.class)
        .withName("referenced-platform-connections")
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(
            c ->
                naming(
                    ctx,
                    new References.Connection(
                        ConnectionKind.ClusterCredentialConnection,
                        null,
                        c.getMetadata().getName())))
        .withPrimaryToSecondaryMapper(
            (CostCredential cr) -> named(cr, ConnectionKind.ClusterCredentialConnection))
        .build();
  }

  private Set<ResourceID> naming(
      EventSourceContext<CostCredential> ctx, References.Connection connection) {
    return index
        .lookup(ctx, PrimaryIndex.CONNECTIONS, List.of(connection.toString()))
        .filter(cr -> References.connections(cr).contains(connection))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The connections of this kind the CostCredential names, as informer ids. */
  private static Set<ResourceID> named(CostCredential cr, ConnectionKind kind) {
    return References.connections(cr).stream()
        .filter(c -> c.kind() == kind)
        .map(c -> new ResourceID(c.name(), c.namespace()))
        .collect(Collectors.toSet());
  }

  /**
   * The CostCredentials that read this Secret: those of its namespace, and when it is in the
   * operator's namespace (a platform connection's Secret) those that use a platform connection.
   */
  private Set<ResourceID> referencingSecret(EventSourceContext<CostCredential> ctx, Secret s) {
    var key = new References.Key(s.getMetadata().getNamespace(), s.getMetadata().getName());
    Stream<CostCredential> candidates =
        Stream.concat(
            index.lookup(
                ctx,
                PrimaryIndex.POOLS,
                List.of(PrimaryIndex.secretKey(key.namespace(), key.name()))),
            index.lookup(ctx, PrimaryIndex.CONNECTIONS, connectionsNaming(key)));
    return candidates
        .filter(cr -> references.secrets(cr).contains(key))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /**
   * The cached connections whose auth names this Secret: tenant connections of its namespace, and
   * platform connections when it is in the operator's namespace.
   */
  private List<String> connectionsNaming(References.Key key) {
    List<References.Connection> out = new ArrayList<>();
    var tenant = sourceFor(tenantConnections, key.namespace());
    if (tenant != null) {
      tenant
          .list(key.namespace())
          .map(
              c ->
                  new References.Connection(
                      ConnectionKind.CredentialConnection,
                      key.namespace(),
                      c.getMetadata().getName()))
          .forEach(out::add);
    }
    var platform = platformConnections;
    if (platform != null && key.namespace().equals(operatorNamespace)) {
      platform
          .list()
          .map(
              c ->
                  new References.Connection(
                      ConnectionKind.ClusterCredentialConnection, null, c.getMetadata().getName()))
          .forEach(out::add);
    }
    return out.stream()
        .filter(c -> references.connectionSecrets(c).contains(key))
        .map(Object::toString)
        .toList();
  }

  private String connectionVersion(References.Connection c) {
    Optional<? extends HasMetadata> found;
    if (c.namespace() == null) {
      var source = platformConnections;
      if (source == null) {
        return UNWATCHED;
      }
      found = source.get(new ResourceID(c.name()));
    } else {
      var source = sourceFor(tenantConnections, c.namespace());
      if (source == null) {
        return UNWATCHED;
      }
      found = source.get(new ResourceID(c.name(), c.namespace()));
    }
    return found.map(o -> o.getMetadata().getResourceVersion()).orElse(ABSENT);
  }

  /** See {@link SecretMetadataStore#version}: the operator's own removal of a key is no change. */
  private String secretVersion(References.Key k) {
    SecretMetadataStore store = sourceFor(secrets, k.namespace());
    if (store == null) {
      return UNWATCHED;
    }
    String v = store.version(k.namespace() + "/" + k.name());
    return v == null ? ABSENT : v;
  }

  /**
   * A workload's uid (its identity: a workload deleted and created again is a new one) or {@link
   * #ABSENT}; for a label selector, the names and uids of every workload it selects. Not its
   * resourceVersion, which every rollout step changes.
   */
  private String targetVersion(String ns, RestartTarget t) {
    if (t.getKind() == null) {
      return ABSENT;
    }
    Optional<Map<String, TemplateRecord>> cached = consumers.workloadRecords(t.getKind(), ns);
    if (cached.isEmpty()) {
      return UNWATCHED;
    }
    Map<String, TemplateRecord> records = cached.get();
    if (t.getName() != null) {
      TemplateRecord r = records.get(ns + "/" + t.getName());
      return r == null ? ABSENT : r.uidText();
    }
    String selected =
        records.entrySet().stream()
            .filter(e -> ConsumerCaches.matches(t.getMatchLabels(), e.getValue().labels()))
            .map(e -> e.getKey().substring(ns.length() + 1) + ":" + e.getValue().uidText())
            .sorted()
            .collect(Collectors.joining(","));
    return selected.isEmpty() ? ABSENT : selected;
  }

  /** The connections as this class's informers last saw them (empty before they start). */
  private final class CachedConnections implements ConnectionSource {
    @Override
    public Optional<ClusterCredentialConnection> cluster(String name) {
      var source = platformConnections;
      return source == null ? Optional.empty() : source.get(new ResourceID(name));
    }

    @Override
    public Optional<CredentialConnection> namespaced(String namespace, String name) {
      var source = sourceFor(tenantConnections, namespace);
      return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
      return Map.of(); // not needed to find a connection's Secrets
    }
  }

  private <S> S sourceFor(Map<String, S> byScope, String ns) {
    S all = byScope.get(ALL);
    return all != null ? all : byScope.get(ns);
  }

  static String suffix(String ns) {
    return ns.equals(ALL) ? "" : "-" + ns;
  }
}
