package io.costcred.operator.testing;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.connection.KubeConnectionSource;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.policy.KubePolicySource;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.reconciler.KubeStatusWriter;
import io.costcred.operator.reconciler.PlanFactory;
import io.costcred.operator.reconciler.TenantAccess;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.restart.WorkloadRestarter;
import io.costcred.operator.rotation.RotationEngine;
import io.costcred.operator.rotation.RotationObserver;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.store.SecretVersions;
import io.costcred.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * A Kubernetes API (mock or real), a fake Vantage API and an engine wired like production, with a
 * clock the test moves. Reconciles are called directly so every step is deterministic.
 */
public final class Harness implements AutoCloseable {
  public final KubernetesClient client;
  public final WriteCounter writes = new WriteCounter();
  public final FakeVantage vantage;
  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
  public final Fingerprinter fingerprints = new Fingerprinter(new byte[32]);
  public final RecordingEvents events = new RecordingEvents();
  public final String namespace;
  private final PatchMode patchMode;

  /** The namespace was made for this harness: {@link #close} deletes it. */
  boolean ownsNamespace;

  /** On the mock server the test plays the Deployment controller; a real cluster has its own. */
  public boolean simulateControllers = true;

  private final OkHttpClient http = new OkHttpClient();

  /** The operator's Vantage budgets; replace before {@link #engine} to test a smaller one. */
  public RateBudgets budgets = new RateBudgets(clock, 1000);

  public Harness(KubernetesClient base, String namespace, PatchMode patchMode) {
    this.client =
        new KubernetesClientBuilder()
            .withConfig(base.getConfiguration())
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("writes", writes))
            .build();
    this.namespace = namespace;
    this.patchMode = patchMode;
    this.vantage = FakeVantage.builder().bind(new InetSocketAddress("127.0.0.1", 0)).start();
  }

  /** Installs every CRD under crds/ (CostCredential, ClusterRotationPolicy). */
  public void installCrd() throws Exception {
    try (var files = Files.list(Path.of("../crds"))) {
      for (Path file : files.sorted().toList()) {
        installCrd(file);
      }
    }
  }

  private void installCrd(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      if (simulateControllers) { // the mock server: no server-side apply, no Established condition
        client.resource(crd).createOr(c -> c.update());
        return;
      }
      client.resource(crd).forceConflicts().serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              30,
              java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Where the engine may send credentials: the local peers on 127.0.0.1 only. */
  public EgressPolicy egress = EgressPolicy.of(List.of("http://127.0.0.1:*"));

  /**
   * The namespace a platform connection's Secrets and ServiceAccounts live in (the operator's own
   * in production); the test namespace by default.
   */
  public String operatorNamespace;

  /** Policies, connections and egress as production wires them, over this harness's client. */
  public synchronized TenantAccess access() {
    if (access != null) {
      return access;
    }
    KubePolicySource policies = new KubePolicySource(client);
    access =
        new TenantAccess(
            policies,
            new KubeConnectionSource(client, policies::namespaceLabels),
            egress,
            operatorNamespace == null ? namespace : operatorNamespace);
    return access;
  }

  private TenantAccess access;

  public RotationEngine engine(StepHook hook) {
    return engine(hook, RotationObserver.NONE);
  }

  /** The Secret informer's versions the engine asks before reading a Secret (none: always read). */
  public SecretVersions secretVersions = SecretVersions.NONE;

  /** The plan factory of the last {@link #engine}. */
  public PlanFactory plans;

  public RotationEngine engine(StepHook hook, RotationObserver observer) {
    WorkloadRestarter restarter = new WorkloadRestarter(client, patchMode);
    plans =
        new PlanFactory(
            client,
            fingerprints,
            http,
            budgets,
            clock,
            ProviderObserver.NONE,
            restarter,
            access(),
            secretVersions);
    return new RotationEngine(
        clock,
        plans,
        fingerprints,
        restarter,
        new KubeStatusWriter(client),
        events,
        observer,
        hook);
  }

  public String issue(String description) {
    return vantage.issueToken(description, Set.of("read"));
  }

  public void pool(String name, Map<String, String> tokens) {
    Map<String, String> data = new LinkedHashMap<>();
    tokens.forEach((k, v) -> data.put(k, b64(v)));
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withData(data)
                .build())
        .createOr(c -> c.update());
  }

  public void deployment(String name, int replicas) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("finfocus-vantage:latest")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(namespace).resource(d).create();
    if (simulateControllers) {
      finishRollout(name);
    }
  }

  /** Plays the Deployment controller: every replica updated and available. */
  public void finishRollout(String name) {
    if (!simulateControllers) {
      return;
    }
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    int replicas = d.getSpec().getReplicas();
    DeploymentStatus s = new DeploymentStatus();
    s.setObservedGeneration(d.getMetadata().getGeneration());
    s.setReplicas(replicas);
    s.setUpdatedReplicas(replicas);
    s.setAvailableReplicas(replicas);
    s.setReadyReplicas(replicas);
    d.setStatus(s);
    client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
  }

  /** The fingerprint the CostCredential of the Deployment's name wrote into its pod template. */
  public String podTemplateFingerprint(String deployment) {
    return podTemplateFingerprint(deployment, deployment);
  }

  /** The fingerprint CostCredential {@code credential} wrote into the Deployment's pod template. */
  public String podTemplateFingerprint(String deployment, String credential) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources("apps/v1", "Deployment")
            .inNamespace(namespace)
            .withName(deployment)
            .get();
    Map<?, ?> spec = (Map<?, ?>) r.getAdditionalProperties().get("spec");
    Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) spec.get("template")).get("metadata");
    Map<?, ?> ann = (Map<?, ?>) meta.get("annotations");
    return ann == null ? null : (String) ann.get(Annotations.fingerprintKey(credential));
  }

  public CostCredential apply(String yaml) {
    CostCredential cr = Serialization.unmarshal(yaml, CostCredential.class);
    cr.getMetadata().setNamespace(namespace);
    return client.resources(CostCredential.class).inNamespace(namespace).resource(cr).create();
  }

  public CostCredential get(String name) {
    return client.resources(CostCredential.class).inNamespace(namespace).withName(name).get();
  }

  /** Sets an annotation as a user would, again on a conflict with a running operator's write. */
  public void annotate(String name, String key, String value) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(CostCredential.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                c -> {
                  c.getMetadata().getAnnotations().put(key, value);
                  return c;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  public String secretValue(String secret, String key) {
    Secret s = client.secrets().inNamespace(namespace).withName(secret).get();
    if (s == null || s.getData() == null || s.getData().get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  public Map<String, String> secretData(String secret) {
    return io.costcred.testsupport.Secrets.data(client, namespace, secret);
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (ownsNamespace) {
      client.namespaces().withName(namespace).delete();
    }
    vantage.close();
    client.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
