package io.costcred.operator.runtime;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.connection.KubeConnectionSource;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.notify.NotificationsConfig;
import io.costcred.operator.notify.Notifier;
import io.costcred.operator.policy.KubePolicySource;
import io.costcred.operator.policy.PolicyStatusWriter;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.reconciler.CostCredentialReconciler;
import io.costcred.operator.reconciler.KubeEventSink;
import io.costcred.operator.reconciler.KubeStatusWriter;
import io.costcred.operator.reconciler.PackedCredentialStore;
import io.costcred.operator.reconciler.PackedStores;
import io.costcred.operator.reconciler.PlanFactory;
import io.costcred.operator.reconciler.ReferenceWatches;
import io.costcred.operator.reconciler.TenantAccess;
import io.costcred.operator.restart.WorkloadRestarter;
import io.costcred.operator.rotation.ReferenceVersions;
import io.costcred.operator.rotation.RotationEngine;
import io.costcred.operator.rotation.StepHook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the operator from its settings: one place where implementations are chosen. */
public final class OperatorApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorApp.class);
  private static final Duration POLICY_STATUS_PERIOD = Duration.ofSeconds(30);
  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final CostCredentialReconciler reconciler;
  private final ReferenceWatches references;
  private final PolicyStatusWriter policyStatus;
  private final boolean leaderElection;
  private final PackedStores credentialStores;
  private final HeapCompactor heapCompactor;
  private volatile boolean stopping;

  public OperatorApp(KubernetesClient client, OperatorSettings s, Clock clock, StepHook hook) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    OperatorMetrics metrics = new OperatorMetrics(registry, clock, s.metricsMaxCredentials);
    this.heapCompactor = heapCompactor(registry, Duration.ofSeconds(s.heapCompactionPeriodSeconds));
    Fingerprinter fingerprints =
        new Fingerprinter(FingerprintKeys.loadOrCreate(client, s.operatorNamespace));
    OkHttpClient http = httpClient();
    EgressPolicy egress = s.egressPolicy();
    KubePolicySource policies = new KubePolicySource(client);
    var connections = new KubeConnectionSource(client, policies::namespaceLabels);
    TenantAccess access = new TenantAccess(policies, connections, egress, s.operatorNamespace);
    Set<String> namespaces = watchedNamespaces(s);
    this.credentialStores = new PackedStores(client.getKubernetesSerialization());
    this.references = referenceWatches(s, namespaces, credentialStores);
    var consumerCaches = references.consumers(); // Consumers (engine) and WorkloadCache (restarts)
    // --no-rollout-events: every rollout check reads the target from the API server, every 2 s.
    WorkloadRestarter restarter =
        new WorkloadRestarter(
            client,
            s.patchMode(),
            s.rolloutEvents ? consumerCaches : io.costcred.operator.restart.WorkloadCache.NONE);
    PlanFactory plans =
        new PlanFactory(
            client,
            fingerprints,
            http,
            new RateBudgets(clock, s.vantageHourlyBudget),
            clock,
            metrics,
            restarter,
            access,
            references.secretVersions()); // D46: unchanged Secrets are not read again
    String identity = identity(s);
    Notifier notifier = notifier(client, s, clock, http, egress, policies);
    var observer = new CompositeObserver(metrics, notifier);
    RotationEngine engine =
        RotationEngine.builder()
            .clock(clock)
            .plans(plans)
            .fingerprints(fingerprints)
            .restarter(restarter)
            .statusWriter(new KubeStatusWriter(client))
            .events(new KubeEventSink(client, clock, identity))
            .observer(observer)
            .hook(hook)
            .references(references)
            .consumers(consumerCaches)
            .providerClockSkew(s.providerClockSkew())
            .rolloutRecheck(s.rolloutRecheck())
            .build();
    this.reconciler = new CostCredentialReconciler(engine, references);
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withResourceCloner(new NameKeepingCloner(client.getKubernetesSerialization()))
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(s.serverSideApply)
                  .withSSABasedCreateUpdateMatchForDependentResources(s.serverSideApply)
                  .withConcurrentReconciliationThreads(s.reconcileThreads)
                  .withReconciliationTerminationTimeout(
                      Duration.ofSeconds(s.shutdownTimeoutSeconds))
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (s.leaderElection) {
                o.withLeaderElectionConfiguration(leaderElection(s, identity));
              }
            });
    RegisteredController<CostCredential> registered = register(client, s, namespaces);
    this.leaderElection = s.leaderElection;
    this.policyStatus =
        new PolicyStatusWriter(
            client, policies, cachedCredentials(registered), clock, POLICY_STATUS_PERIOD, 20);
  }

  /**
   * Registers the controller. Its cache keeps each CostCredential packed ({@link
   * PackedCredentialStore}, decision D50), in a store per informer ({@link StorePerInformer}): one
   * for all namespaces, or one per watched namespace.
   */
  private RegisteredController<CostCredential> register(
      KubernetesClient client, OperatorSettings s, Set<String> namespaces) {
    var c =
        ControllerConfigurationOverrider.override(
            operator.getConfigurationService().getConfigurationFor(reconciler));
    if (!namespaces.isEmpty()) {
      c.settingNamespaces(namespaces);
    }
    c.withRateLimiter(new NoRateLimit());
    if (s.labelSelector != null && !s.labelSelector.isBlank()) {
      c.withLabelSelector(s.labelSelector);
    }
    return operator.register(
        reconciler, new StorePerInformer<>(c.build(), credentialStores::newStore));
  }

  /** The cloner JOSDK copies each object with before a reconcile. */
  io.javaoperatorsdk.operator.api.config.Cloner resourceCloner() {
    return operator.getConfigurationService().getResourceCloner();
  }

  /** Notifications: tenants' webhooks and the admin routes of --notifications-config. */
  private Notifier notifier(
      KubernetesClient client,
      OperatorSettings s,
      Clock clock,
      OkHttpClient http,
      EgressPolicy egress,
      KubePolicySource policies) {
    return Notifier.create(
        client,
        http,
        egress,
        policies::namespaceLabels,
        NotificationsConfig.load(s.notificationsConfig),
        s.operatorNamespace,
        clock,
        registry);
  }

  /** The CostCredentials in the controller's informer cache: reading them costs no request. */
  private static Supplier<List<CostCredential>> cachedCredentials(
      RegisteredController<CostCredential> registered) {
    return () ->
        ((Controller<CostCredential>) registered)
            .getEventSourceManager()
            .getControllerEventSource()
            .list()
            .toList();
  }

  /** The watches of what CostCredentials reference, indexing through the packed stores. */
  private static ReferenceWatches referenceWatches(
      OperatorSettings s, Set<String> namespaces, PackedStores stores) {
    return new ReferenceWatches(
        namespaces,
        s.operatorNamespace,
        s.watchSecrets,
        s.rolloutEvents,
        stores,
        s.watchesOnDemand);
  }

  /** The namespaces whose CostCredentials the operator handles; empty for all. */
  private static Set<String> watchedNamespaces(OperatorSettings s) {
    var namespaces = new HashSet<String>();
    s.namespaces.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(namespaces::add);
    return namespaces;
  }

  /** How many CostCredentials each packed store of the controller's informers holds. */
  public List<Integer> packedCredentials() {
    return credentialStores.sizes();
  }

  /** The versions of what CostCredentials reference, from the operator's watches. */
  public ReferenceVersions referenceVersions() {
    return references;
  }

  /** Provider API and webhook client: short timeouts, and never a redirect with a credential. */
  private static OkHttpClient httpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(10, TimeUnit.SECONDS)
        .callTimeout(15, TimeUnit.SECONDS)
        // Never carry a token or a webhook payload to a host the allow-list did not check.
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** Leadership lost while running (not while stopping): exit so the pod restarts as standby. */
  private void lostLeadership(OperatorSettings s) {
    if (stopping || !s.exitOnLostLeadership) {
      return;
    }
    LOG.error("lost leadership; exiting so that the replica restarts as a standby");
    new Thread(() -> System.exit(1), "exit-on-lost-leadership").start();
  }

  public void start() {
    operator.start();
    int dropped = NamespaceIndexes.drop(operator);
    LOG.debug("namespace index dropped from {} informer caches", dropped);
    if (heapCompactor != null) {
      heapCompactor.start();
    }
    if (!leaderElection) {
      policyStatus.start(); // with leader election: when this replica leads
    }
  }

  /**
   * The index names of every informer cache the controllers run (diagnostics and tests): the
   * CostCredential caches' own, and no namespace index (dropped at start).
   */
  public List<Set<String>> informerIndexNames() {
    return NamespaceIndexes.indexNames(operator);
  }

  /**
   * The rate limiter's class of each registered controller (diagnostics: JOSDK keeps its state per
   * resource; {@link NoRateLimit} shares one).
   */
  public List<Class<?>> rateLimiters() {
    return operator.getRegisteredControllers().stream()
        .<Class<?>>map(c -> c.getConfiguration().getRateLimiter().getClass())
        .toList();
  }

  /**
   * JOSDK's maximum reconciliation interval of each registered controller: none, as it would keep a
   * timer task per resource ({@code WakeupSource} schedules the next reconciles instead).
   */
  public List<java.util.Optional<Duration>> maxReconciliationIntervals() {
    return operator.getRegisteredControllers().stream()
        .<java.util.Optional<Duration>>map(c -> c.getConfiguration().maxReconciliationInterval())
        .toList();
  }

  /** Watches started on demand, and those not needed yet ({@code --watches-on-demand}). */
  public int[] lazyWatches() {
    return references.lazyWatches();
  }

  /** CostCredentials with a next reconcile scheduled. */
  public int pendingWakeups() {
    return reconciler.pendingWakeups();
  }

  public boolean isLive() {
    return operator.getRuntimeInfo().isStarted();
  }

  public boolean isReady() {
    return isLive() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    stopping = true;
    policyStatus.close();
    if (heapCompactor != null) {
      heapCompactor.close();
    }
    operator.stop();
  }

  /**
   * The compactor of the heap a burst left (D54) and its counter, or null when this JVM has no old
   * generation to compact or refuses explicit collections.
   */
  private static HeapCompactor heapCompactor(PrometheusMeterRegistry registry, Duration period) {
    var heap = JvmHeap.find();
    if (heap.isEmpty()) {
      LOG.info("heap compaction off: no old generation, or explicit collections disabled");
      return null;
    }
    LOG.debug("heap compaction of {} every {}", heap.get().name(), period);
    var compactor =
        new HeapCompactor(
            heap.get(), period, HeapCompactor.DEFAULT_MIN_GROWTH, HeapCompactor.DEFAULT_FREE_RATIO);
    FunctionCounter.builder("costcred_heap_compactions", compactor, HeapCompactor::compactions)
        .description("Full collections the operator ran to give back the heap a burst left (D54).")
        .register(registry);
    return compactor;
  }

  private static String identity(OperatorSettings s) {
    if (s.identity != null && !s.identity.isBlank()) {
      return s.identity;
    }
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.net.UnknownHostException e) {
      return "costcred-operator-" + ProcessHandle.current().pid();
    }
  }

  private LeaderElectionConfiguration leaderElection(OperatorSettings s, String identity) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(s.leaseName)
        .withLeaseNamespace(s.operatorNamespace)
        .withIdentity(identity)
        .withLeaseDuration(Duration.ofSeconds(s.leaseDurationSeconds))
        .withRenewDeadline(Duration.ofSeconds(s.leaseRenewDeadlineSeconds))
        .withRetryPeriod(Duration.ofSeconds(s.leaseRetryPeriodSeconds))
        // JOSDK's own exit would run System.exit inside our shutdown hook and hang.
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> policyStatus.start(),
                () -> {
                  policyStatus.stop();
                  lostLeadership(s);
                },
                leader -> {}))
        .build();
  }
}
