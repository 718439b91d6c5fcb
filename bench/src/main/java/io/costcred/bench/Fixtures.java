package io.costcred.bench;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.testsupport.Crds;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Creates the objects the bench needs: CRDs, namespaces, pool and store Secrets, credentials.
 * Remembers every token it issued, for the scan of the operator logs.
 */
final class Fixtures {
  static final String OPERATOR_NAMESPACE = "bench-system";
  static final String API_VERSION = "costcred.io/v1alpha1";
  static final String KIND = "CostCredential";
  static final int PER_NAMESPACE = 1000;
  private final KubernetesClient client;
  private final FakeVantage fake;
  private final Peers peers;
  private final int parallel;
  private final Set<String> issued = ConcurrentHashMap.newKeySet();

  /**
   * A set of credentials: namespaces of up to {@code perNamespace} (1,000 unless a phase says
   * otherwise) credentials each. {@code stores} Kubernetes Secrets per credential; with {@code
   * peerStores} also an OpenBao KV v2 secret and a moto Secrets Manager secret.
   */
  record Group(
      String name,
      int size,
      int stores,
      int deployments,
      int tokensPerPool,
      boolean adopt,
      String reverifyInterval,
      boolean peerStores,
      int perNamespace) {
    Group(String name, int size, int stores, int deployments, int tokensPerPool, boolean adopt) {
      this(name, size, stores, deployments, tokensPerPool, adopt, "1h", false, PER_NAMESPACE);
    }

    /** The same group in namespaces of up to {@code n} credentials. */
    Group perNamespace(int n) {
      return new Group(
          name, size, stores, deployments, tokensPerPool, adopt, reverifyInterval, peerStores, n);
    }

    /** KV v2 path below mount {@code secret} (peerStores only). */
    static String vaultPath(String ns, String credential) {
      return "bench/" + ns + "/" + credential;
    }

    /** Secrets Manager secret name (peerStores only). */
    static String awsSecretId(String ns, String credential) {
      return "bench/" + ns + "/" + credential;
    }

    List<String> namespaces() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i * perNamespace < size; i++) {
        out.add("bench-" + name + "-" + String.format("%02d", i));
      }
      return out;
    }

    String namespaceOf(int index) {
      return namespaces().get(index / perNamespace);
    }

    static String credential(int index) {
      return String.format("cc-%05d", index);
    }
  }

  Fixtures(KubernetesClient client, FakeVantage fake, Peers peers, int parallel) {
    this.client = client;
    this.fake = fake;
    this.peers = peers;
    this.parallel = parallel;
  }

  /** Every token value issued so far (pool and adopted store tokens), plus peer credentials. */
  Set<String> issuedSecrets() {
    Set<String> all = new HashSet<>(issued);
    if (peers != null) {
      all.add(peers.openBao.rootToken());
    }
    return all;
  }

  private String issue(String description) {
    String token = fake.issueToken(description, Set.of("read"));
    issued.add(token);
    return token;
  }

  void applyCrds(Path repo) {
    Crds.installAll(client, repo);
    namespace(OPERATOR_NAMESPACE);
  }

  void namespace(String name) {
    retry(
        () ->
            client
                .namespaces()
                .resource(
                    new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .serverSideApply());
  }

  /** Creates every credential of the group that is missing; returns seconds taken. */
  double create(Group g) throws InterruptedException {
    long t0 = System.nanoTime();
    g.namespaces().forEach(this::namespace);
    if (g.peerStores()) {
      for (String ns : g.namespaces()) {
        peers().credentialSecrets().forEach((name, data) -> secret(ns, name, data));
        peers().connections().forEach((name, spec) -> connection(ns, name, spec));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    AtomicInteger done = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    // Restart targets live beside their credentials: consumer-d of a namespace reads the store
    // Secret of the credential with the same position in that namespace.
    List<String> namespaces = g.namespaces();
    for (int n = 0; n < namespaces.size(); n++) {
      for (int d = 0; d < g.deployments(); d++) {
        String ns = namespaces.get(n);
        int index = n * g.perNamespace() + d;
        String reads = index < g.size() ? Group.credential(index) : null;
        String name = "consumer-" + d;
        futures.add(pool.submit(() -> deployment(ns, name, Map.of(), reads)));
      }
    }
    for (int i = 0; i < g.size(); i++) {
      int index = i;
      futures.add(
          pool.submit(
              () -> {
                credential(g, index);
                int n = done.incrementAndGet();
                if (n % 1000 == 0) {
                  Bench.log("  created " + n + "/" + g.size() + " credentials in " + g.name());
                }
              }));
    }
    pool.shutdown();
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        pool.shutdownNow();
        throw new IllegalStateException("creating fixtures failed", e.getCause());
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private void credential(Group g, int index) {
    String ns = g.namespaceOf(index);
    String name = Group.credential(index);
    Map<String, String> pool = new LinkedHashMap<>();
    for (int t = 1; t <= g.tokensPerPool(); t++) {
      pool.put("t" + t, issue(ns + "/" + name + " #" + t));
    }
    createSecret(ns, name + "-pool", pool);
    List<Object> stores = new ArrayList<>();
    for (int s = 0; s < g.stores(); s++) {
      String store = s == 0 ? name : name + "-" + (char) ('a' + s);
      createSecret(ns, store, storeData(g, ns, name, index));
      stores.add(Map.of("kubernetesSecret", Map.of("name", store, "keys", TOKEN_KEY)));
    }
    if (g.peerStores()) {
      stores.addAll(peers().stores(ns, name, TOKEN_KEY));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("provider", Map.of("vantage", vantage(name, g.reverifyInterval())));
    spec.put("rotation", Map.of("preset", "production", "gracePeriod", "24h"));
    spec.put("stores", stores);
    if (g.deployments() > 0) {
      spec.put(
          "restartTargets",
          List.of(Map.of("kind", "Deployment", "name", "consumer-" + (index % g.deployments()))));
    }
    spec.put("deletionPolicy", "Retain");
    GenericKubernetesResource cr =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(API_VERSION)
            .withKind(KIND)
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .addToLabels("bench.costcred.io/group", g.name())
            .endMetadata()
            .build();
    cr.setAdditionalProperty("spec", spec);
    create(
        () ->
            client
                .genericKubernetesResources(API_VERSION, KIND)
                .inNamespace(ns)
                .resource(cr)
                .create());
  }

  static final List<Map<String, String>> TOKEN_KEY =
      List.of(Map.of("key", "token", "field", "token"));

  private void secret(String ns, String name, Map<String, String> data) {
    retry(() -> client.secrets().inNamespace(ns).resource(secretOf(name, data)).serverSideApply());
  }

  /** A team's own CredentialConnection to a local peer. */
  private void connection(String ns, String name, Map<String, Object> spec) {
    GenericKubernetesResource c =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(API_VERSION)
            .withKind("CredentialConnection")
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .build();
    c.setAdditionalProperty("spec", spec);
    retry(
        () ->
            client
                .genericKubernetesResources(API_VERSION, "CredentialConnection")
                .inNamespace(ns)
                .resource(c)
                .createOr(x -> x.update()));
  }

  /** Creates (or keeps) a Secret with the given string data. */
  void createSecret(String ns, String name, Map<String, String> data) {
    create(() -> client.secrets().inNamespace(ns).resource(secretOf(name, data)).create());
  }

  private static Secret secretOf(String name, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  private Peers peers() {
    if (peers == null) {
      throw new IllegalStateException("peer stores requested but OpenBao and moto are not running");
    }
    return peers;
  }

  /**
   * A store Secret holds a key the operator leaves alone; with {@code adopt} it also holds a
   * working token, which the operator adopts instead of rotating (onboarding existing tokens).
   */
  private Map<String, String> storeData(Group g, String ns, String name, int index) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("cost_report_token", "cr_bench" + index);
    if (g.adopt()) {
      data.put("token", issue(ns + "/" + name + " existing"));
    }
    return data;
  }

  private Map<String, Object> vantage(String name, String reverifyInterval) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("apiBaseUrl", fake.baseUrl().toString());
    v.put("tokenPool", Map.of("name", name + "-pool", "lowWatermark", 0));
    v.put("requiredScopes", List.of("read"));
    v.put("reverifyInterval", reverifyInterval);
    v.put("revocationCheckInterval", "5m");
    return v;
  }

  /**
   * A one-replica Deployment (kwok runs its pod); with {@code readsSecret} its container reads the
   * Secret's {@code token} key as an environment variable, as a real consumer does.
   */
  void deployment(String ns, String name, Map<String, String> annotations, String readsSecret) {
    var container = new ContainerBuilder().withName("app").withImage("bench-consumer:1");
    if (readsSecret != null) {
      container
          .addNewEnv()
          .withName("TOKEN")
          .withNewValueFrom()
          .withNewSecretKeyRef()
          .withName(readsSecret)
          .withKey("token")
          .withOptional(true)
          .endSecretKeyRef()
          .endValueFrom()
          .endEnv();
    }
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withContainers(container.build())
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    retry(() -> client.apps().deployments().inNamespace(ns).resource(deployment).serverSideApply());
  }

  /** Create, treating "already exists" as done (a reused cluster) and retrying overload. */
  private static void create(Runnable r) {
    try {
      retry(r);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  static void retry(Runnable r) {
    for (int attempt = 1; ; attempt++) {
      try {
        r.run();
        return;
      } catch (KubernetesClientException e) {
        boolean transientError = e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
        if (!transientError || attempt >= 6) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Sets annotations on one credential (JSON merge patch). */
  void annotate(String ns, String name, Map<String, String> annotations) {
    Map<String, Object> patch = Map.of("metadata", Map.of("annotations", annotations));
    retry(
        () ->
            client
                .genericKubernetesResources(API_VERSION, KIND)
                .inNamespace(ns)
                .withName(name)
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    io.fabric8.kubernetes.client.utils.Serialization.asJson(patch)));
  }

  /** Visits every credential of the group, listed in pages of 500. */
  void forEach(Group g, Consumer<GenericKubernetesResource> visitor) {
    for (String ns : g.namespaces()) {
      String cont = null;
      do {
        String c = cont;
        GenericKubernetesResourceList page =
            client
                .genericKubernetesResources(API_VERSION, KIND)
                .inNamespace(ns)
                .list(new ListOptionsBuilder().withLimit(500L).withContinue(c).build());
        page.getItems().forEach(visitor);
        cont = page.getMetadata().getContinue();
      } while (cont != null && !cont.isEmpty());
    }
  }

  /** How many credentials of the group have Ready=True. */
  int countReady(Group g) {
    AtomicInteger n = new AtomicInteger();
    forEach(
        g,
        r -> {
          if ("True".equals(condition(r, "Ready"))) {
            n.incrementAndGet();
          }
        });
    return n.get();
  }

  @SuppressWarnings("unchecked")
  static Object path(GenericKubernetesResource r, String... keys) {
    Object cur = r.getAdditionalProperties();
    for (String k : keys) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(k);
    }
    return cur;
  }

  @SuppressWarnings("unchecked")
  static String condition(GenericKubernetesResource r, String type) {
    Object conds = path(r, "status", "conditions");
    if (conds instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> c = (Map<String, Object>) o;
        if (type.equals(c.get("type"))) {
          return String.valueOf(c.get("status"));
        }
      }
    }
    return null;
  }
}
