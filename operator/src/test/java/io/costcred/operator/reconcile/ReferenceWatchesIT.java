package io.costcred.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.reconciler.ReferenceWatches;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference watches on the real API server, with a reconciler that only counts: creating a
 * CostCredential's pool Secret or restart target reconciles exactly that CostCredential, at once,
 * and changes its reference versions; so does its restart target's rollout (a template change); an
 * unrelated Secret or workload, or a workload change that leaves labels, template and rollout state
 * alone, reconciles nothing.
 */
class ReferenceWatchesIT {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceWatchesIT.class);
  private static final Duration QUIET = Duration.ofSeconds(3);
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();
  private Operator operator;

  /** Counts reconciles per CostCredential and records the reference versions each one saw. */
  @ControllerConfiguration(name = "counting", generationAwareEventProcessing = false)
  static final class Counting implements Reconciler<CostCredential> {
    final Map<String, AtomicInteger> reconciles = new ConcurrentHashMap<>();
    final Map<String, List<String>> versions = new ConcurrentHashMap<>();
    final Map<String, Set<String>> secrets = new ConcurrentHashMap<>();
    volatile ScanCounting cache;
    private final ReferenceWatches watches;

    Counting(ReferenceWatches watches) {
      this.watches = watches;
    }

    @Override
    public List<EventSource<?, CostCredential>> prepareEventSources(
        EventSourceContext<CostCredential> context) {
      cache = new ScanCounting(context.getPrimaryCache());
      return watches.eventSources(
          new EventSourceContext<>(
              cache,
              context.getControllerConfiguration(),
              context.getClient(),
              CostCredential.class));
    }

    @Override
    public UpdateControl<CostCredential> reconcile(CostCredential cr, Context<CostCredential> c) {
      String name = cr.getMetadata().getName();
      versions.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(watches.of(cr));
      secrets.put(
          name,
          c.getSecondaryResources(Secret.class).stream()
              .map(s -> s.getMetadata().getName())
              .collect(Collectors.toSet()));
      reconciles.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      return UpdateControl.noUpdate();
    }

    int count(String name) {
      AtomicInteger n = reconciles.get(name);
      return n == null ? 0 : n.get();
    }

    String lastVersions(String name) {
      List<String> v = versions.get(name);
      return v.get(v.size() - 1);
    }
  }

  @Test
  void aReferencedObjectAppearingReconcilesExactlyItsCostCredential() throws Exception {
    String ns = RealCluster.freshNamespace(cluster.admin(), "refwatch");
    try (Harness h = new Harness(cluster.admin(), ns, PatchMode.SERVER_SIDE_APPLY)) {
      Counting counting = start(h);
      int a = counting.count("a");
      int b = counting.count("b");
      assertThat(counting.lastVersions("a"))
          .contains("Secret " + ns + "/a-pool=absent", "Deployment a-app=absent");

      // Unrelated objects: nothing.
      secret(ns, "unrelated");
      deployment(ns, "unrelated-app");
      Thread.sleep(QUIET.toMillis());
      assertThat(counting.count("a")).isEqualTo(a);
      assertThat(counting.count("b")).isEqualTo(b);

      // The pool Secret of a appears: a, and only a, is reconciled at once.
      long t0 = System.nanoTime();
      secret(ns, "a-pool");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("a") > a);
      LOG.info("MEASURED reconcile after the pool Secret appeared: {} ms", millisSince(t0));
      assertThat(counting.lastVersions("a"))
          .doesNotContain("Secret " + ns + "/a-pool=absent")
          .contains("Deployment a-app=absent");
      int a2 = counting.count("a");

      // The restart target of a appears: a again.
      t0 = System.nanoTime();
      deployment(ns, "a-app");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("a") > a2);
      LOG.info("MEASURED reconcile after the restart target appeared: {} ms", millisSince(t0));
      assertThat(counting.lastVersions("a")).doesNotContain("=absent");
      // Its rollout state moves once the Deployment controller writes its status: wait for that.
      awaitRolledOut(ns, "a-app");
      Thread.sleep(QUIET.toMillis());
      int a3 = counting.count("a");

      connectionAndItsSecretReconcileOnlyTheirCredential(ns, counting);
      assertThat(counting.count("a")).isEqualTo(a3);
      int a4 = aPoolKeyTakenIsNoChangeAKeyAddedIs(ns, counting);

      aStatusUpdateIsNoChangeARolloutIs(ns, counting, a4);
      assertThat(counting.secrets.get("a"))
          .as("a's Secrets through JOSDK's getSecondaryResources (the primary-to-secondary mapper)")
          .containsExactly("a-pool");
      assertThat(counting.secrets.get("c")).contains("c-role");
      assertThat(counting.cache.scans.get())
          .as("events that scanned the CostCredential cache instead of looking a key up")
          .isZero();
      assertThat(counting.cache.lookups.get()).isPositive();
      LOG.info("MEASURED CostCredential cache lookups: {}", counting.cache.lookups.get());
      assertThat(counting.count("b")).isEqualTo(b);
      assertThat(a3 - a)
          .as("reconciles of a after its initial ones (pool, target, its first status)")
          .isBetween(2, 3);
      LOG.info(
          "MEASURED reconciles: a {} (2-3 expected after the initial ones), b {} (0 expected)",
          a3 - a,
          counting.count("b") - b);
    } finally {
      if (operator != null) {
        operator.stop();
      }
      cluster.admin().namespaces().withName(ns).delete();
    }
  }

  /**
   * A status update of a's restart target that leaves its rollout state alone reconciles nothing; a
   * template change (a restart) starts a rollout, whose progress reaches a.
   */
  private static void aStatusUpdateIsNoChangeARolloutIs(String ns, Counting counting, int a4)
      throws InterruptedException {
    // A status update that leaves the rollout state alone: nothing. (Not a metadata edit: a
    // Deployment's annotations bump its generation, and the rollout state moves until observed.)
    var apps = cluster.admin().apps().deployments().inNamespace(ns);
    apps.withName("a-app")
        .editStatus(
            d -> {
              d.getStatus()
                  .getConditions()
                  .add(
                      new DeploymentConditionBuilder()
                          .withType("costcred.io/Probe")
                          .withStatus("True")
                          .build());
              return d;
            });
    Thread.sleep(QUIET.toMillis());
    assertThat(counting.count("a")).isEqualTo(a4);
    // A template change (a restart) starts a rollout: its progress reaches a, and only a.
    long t0 = System.nanoTime();
    apps.withName("a-app")
        .edit(
            d -> {
              d.getSpec().getTemplate().getMetadata().getAnnotations().put("restarted", "now");
              return d;
            });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("a") > a4);
    LOG.info("MEASURED reconcile after the restart target's rollout began: {} ms", millisSince(t0));
    awaitRolledOut(ns, "a-app");
    Thread.sleep(QUIET.toMillis());
  }

  /**
   * CostCredentials a, b and c (c also stores in Vault through a tenant connection that does not
   * exist yet), and an operator that runs {@link Counting} with the reference watches; returns
   * after each was reconciled and things went quiet.
   */
  /**
   * The controller's CostCredential cache, counting how often the reference watches scan it (list)
   * and look a key up (byIndex).
   */
  static final class ScanCounting implements IndexerResourceCache<CostCredential> {
    final AtomicInteger scans = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    private final IndexerResourceCache<CostCredential> cache;

    ScanCounting(IndexerResourceCache<CostCredential> cache) {
      this.cache = cache;
    }

    @Override
    public void addIndexers(Map<String, Function<CostCredential, List<String>>> indexers) {
      cache.addIndexers(indexers);
    }

    @Override
    public List<CostCredential> byIndex(String indexName, String indexKey) {
      lookups.incrementAndGet();
      return cache.byIndex(indexName, indexKey);
    }

    @Override
    public Optional<CostCredential> get(ResourceID id) {
      return cache.get(id);
    }

    @Override
    public Stream<ResourceID> keys() {
      return cache.keys();
    }

    @Override
    public Stream<CostCredential> list(Predicate<CostCredential> predicate) {
      scans.incrementAndGet();
      return cache.list(predicate);
    }

    @Override
    public Stream<CostCredential> list(String namespace, Predicate<CostCredential> predicate) {
      scans.incrementAndGet();
      return cache.list(namespace, predicate);
    }
  }

  private Counting start(Harness h) throws Exception {
    String ns = h.namespace;
    h.simulateControllers = false;
    h.installCrd();
    String sample = Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"));
    h.apply(credential(sample, "a"));
    h.apply(credential(sample, "b"));
    CostCredential c = h.apply(credential(sample, "c"));
    var store = new io.costcred.operator.api.v1alpha1.StoreSpec();
    var vault = new io.costcred.operator.api.v1alpha1.VaultStoreSpec();
    vault.setConnectionRef(new io.costcred.operator.api.v1alpha1.ConnectionRef(null, "c-vault"));
    vault.setPath("teams/c/vantage");
    store.setVault(vault);
    c.getSpec().getStores().add(store);
    h.client.resource(c).update();

    var watches = new ReferenceWatches(Set.of(ns), ns, true);
    var counting = new Counting(watches);
    operator =
        new Operator(o -> o.withKubernetesClient(cluster.admin()).withCloseClientOnStop(false));
    operator.register(
        counting, (ControllerConfigurationOverrider<CostCredential> o) -> o.settingNamespaces(ns));
    operator.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Stream.of("a", "b", "c").allMatch(n -> counting.count(n) >= 1));
    Thread.sleep(QUIET.toMillis());
    return counting;
  }

  /**
   * A key taken out of a's pool (what the operator does with a token) reconciles nothing and leaves
   * the reference versions alone; a key added reconciles a and changes them. Returns a's count.
   */
  private static int aPoolKeyTakenIsNoChangeAKeyAddedIs(String ns, Counting counting)
      throws InterruptedException {
    int before = counting.count("a");
    String versions = counting.lastVersions("a");
    cluster
        .admin()
        .secrets()
        .inNamespace(ns)
        .withName("a-pool")
        .edit(
            s -> {
              s.getData().put("2", "dHdv");
              return s;
            });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("a") > before);
    String added = counting.lastVersions("a");
    assertThat(added).isNotEqualTo(versions);
    int after = counting.count("a");
    cluster
        .admin()
        .secrets()
        .inNamespace(ns)
        .withName("a-pool")
        .edit(
            s -> {
              s.getData().remove("1");
              return s;
            });
    Thread.sleep(QUIET.toMillis());
    assertThat(counting.count("a")).as("reconciles after a key was taken").isEqualTo(after);
    return after;
  }

  /** c's connection appears, then the Secret it names: c is reconciled each time. */
  private static void connectionAndItsSecretReconcileOnlyTheirCredential(
      String ns, Counting counting) {
    int c0 = counting.count("c");
    long t0 = System.nanoTime();
    vaultConnection(ns, "c-vault", "c-role");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("c") > c0);
    LOG.info("MEASURED reconcile after the connection appeared: {} ms", millisSince(t0));
    assertThat(counting.lastVersions("c"))
        .doesNotContain("CredentialConnection " + ns + "/c-vault=absent")
        .contains("Secret " + ns + "/c-role=absent");
    int c1 = counting.count("c");
    t0 = System.nanoTime();
    secret(ns, "c-role");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counting.count("c") > c1);
    LOG.info("MEASURED reconcile after the connection's Secret appeared: {} ms", millisSince(t0));
    assertThat(counting.lastVersions("c")).doesNotContain("Secret " + ns + "/c-role=absent");
  }

  /** The seed sample, renamed: pool {@code <name>-pool}, restart target {@code <name>-app}. */
  static String credential(String sample, String name) {
    return sample
        .replace("metadata:\n  name: finfocus-vantage", "metadata:\n  name: " + name)
        .replace("name: finfocus-vantage-pool", "name: " + name + "-pool")
        .replace(
            "kubernetesSecret:\n        name: finfocus-vantage",
            "kubernetesSecret:\n        name: " + name + "-out")
        .replace(
            "kind: Deployment\n      name: finfocus-vantage",
            "kind: Deployment\n      name: " + name + "-app");
  }

  private static void vaultConnection(String ns, String name, String secret) {
    String yaml =
        """
        apiVersion: costcred.io/v1alpha1
        kind: CredentialConnection
        metadata: {name: %s, namespace: %s}
        spec:
          vault:
            address: http://127.0.0.1:8200
            auth:
              appRole:
                roleIdSecretRef: {name: %s, key: role-id}
                secretIdSecretRef: {name: %s, key: secret-id}
        """
            .formatted(name, ns, secret, secret);
    cluster
        .admin()
        .resource(
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                yaml, io.costcred.operator.api.v1alpha1.CredentialConnection.class))
        .create();
  }

  private static void secret(String ns, String name) {
    cluster
        .admin()
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData("1", "not-a-token")
                .build())
        .create();
  }

  private static void deployment(String ns, String name) {
    cluster
        .admin()
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .addToAnnotations("restarted", "never")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("app:latest")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  /** The Deployment controller has seen the current generation and rolled it out. */
  private static void awaitRolledOut(String ns, String name) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var d = cluster.admin().apps().deployments().inNamespace(ns).withName(name).get();
              return d.getStatus() != null
                  && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration());
            });
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
