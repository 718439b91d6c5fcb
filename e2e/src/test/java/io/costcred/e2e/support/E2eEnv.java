package io.costcred.e2e.support;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.OperatorProcess;
import io.costcred.testsupport.Secrets;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's world: a fresh workload namespace and a fresh operator namespace, the chart's RBAC
 * and ServiceAccount, a kubeconfig for it, a fake Vantage API, and the operator processes started
 * for the scenario. {@link #close()} kills the processes, scans everything they wrote (and the
 * status and Events) for token values, and removes what the scenario created, also on failure.
 */
public final class E2eEnv implements AutoCloseable {
  public static final String NAME = "finfocus-vantage";
  public static final String POOL = "finfocus-vantage-pool";
  public static final String LEDGER = "finfocus-vantage-costcred-tokens";
  private static final Logger LOG = LoggerFactory.getLogger(E2eEnv.class);
  private static final Set<E2eEnv> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    // The test JVM stopped mid-scenario (Ctrl-C, Failsafe timeout): still remove what it created.
    // Registered after OperatorProcess's hook class is loaded; hooks run concurrently, and killing
    // a process twice is harmless.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> OPEN.forEach(e -> e.cleanUp(new ArrayList<>())), "e2e-scenario-cleanup"));
  }

  public final KubernetesClient admin;
  public final String namespace;
  public final String operatorNamespace;
  public final FakeVantage vantage;
  public final Workload deployment;
  private final ChartRbac chart;
  private final Path kubeconfig;

  /** What to undo at the end, last created first. */
  private final Undo undo = new Undo();

  private final Path logDir;
  private final LeakScan leaks = new LeakScan();
  private final List<OperatorProcess> processes = new CopyOnWriteArrayList<>();
  private final Set<OperatorProcess> mayExit = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private Fingerprints fingerprints;

  private E2eEnv(String scenario) throws IOException {
    this.admin = Cluster.admin();
    undo.push(admin::close);
    try {
      Cluster.installCrd(admin);
      this.namespace = Cluster.freshNamespace(admin, "e2e");
      undo.push(() -> admin.namespaces().withName(namespace).delete());
      undo.push(this::releaseFinalizers); // runs before the namespace is deleted
      this.operatorNamespace = Cluster.freshNamespace(admin, "e2e-op");
      undo.push(() -> admin.namespaces().withName(operatorNamespace).delete());
      this.chart = new ChartRbac(admin, operatorNamespace, namespace);
      undo.push(chart::close);
      String saToken = chart.requestToken();
      leaks.add(saToken);
      Path dir = Files.createTempDirectory("costcred-e2e-");
      undo.push(() -> Repo.deleteTree(dir));
      this.kubeconfig = chart.writeKubeconfig(dir, saToken);
      this.logDir = Repo.outDir().resolve(scenario);
      Repo.deleteTree(logDir); // output of an earlier run of this scenario
      Files.createDirectories(logDir);
      this.vantage = FakeVantage.builder().bind(new InetSocketAddress("127.0.0.1", 0)).start();
      undo.push(vantage::close);
      this.deployment = new Workload(admin, namespace, NAME);
    } catch (IOException | RuntimeException | Error e) {
      undo.runAll().forEach(e::addSuppressed);
      throw e;
    }
    OPEN.add(this);
    LOG.info("scenario {}: namespaces {} and {}", scenario, namespace, operatorNamespace);
  }

  /** A new world for {@code scenario} (also the directory name of its captured output). */
  public static E2eEnv create(String scenario) {
    try {
      return new E2eEnv(scenario.replaceAll("[^A-Za-z0-9_.-]", "_"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public ChartRbac chart() {
    return chart;
  }

  /** Issues a token in the fake Vantage account, as an admin would; it is scanned for later. */
  public String issue(String description) {
    String token = vantage.issueToken(description, Set.of("read"));
    leaks.add(token);
    return token;
  }

  /**
   * Applies {@code config/samples/finfocus-vantage-consumers.yaml}; with {@code token} the Secret
   * already holds a working token (the operator adopts it instead of rotating at once). Waits until
   * the Deployment has rolled out.
   */
  public void consumers(String token) {
    List<HasMetadata> items =
        admin
            .load(
                new ByteArrayInputStream(
                    Repo.read("config/samples/finfocus-vantage-consumers.yaml")
                        .getBytes(StandardCharsets.UTF_8)))
            .items();
    for (HasMetadata o : items) {
      o.getMetadata().setNamespace(namespace);
      if (o instanceof Secret s && token != null) {
        s.getStringData().put("token", token);
      }
      admin.resource(o).inNamespace(namespace).create();
    }
    await("Deployment rolled out", Duration.ofSeconds(60), deployment::rolledOut);
  }

  /** The admin-filled pool Secret, keys 1..n in order. */
  public void pool(List<String> tokens) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      data.put(Integer.toString(i + 1), b64(tokens.get(i)));
    }
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(POOL)
                .withNamespace(namespace)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  /**
   * Applies {@code config/samples/finfocus-vantage.yaml} pointed at the fake, after {@code edit}
   * changed its spec, with the given annotations.
   */
  public void credential(Consumer<Map<String, Object>> edit, Map<String, String> annotations) {
    GenericKubernetesResource cr =
        Serialization.unmarshal(
            Repo.read("config/samples/finfocus-vantage.yaml"), GenericKubernetesResource.class);
    cr.getMetadata().setNamespace(namespace);
    cr.getMetadata().setAnnotations(new LinkedHashMap<>(annotations));
    Map<String, Object> spec = Maps.at(cr.getAdditionalProperties(), "spec");
    Maps.at(spec, "provider", "vantage").put("apiBaseUrl", vantage.baseUrl().toString());
    edit.accept(spec);
    crResource().resource(cr).create();
  }

  public Cr cr() {
    GenericKubernetesResource r = crResource().withName(NAME).get();
    if (r == null) {
      throw new IllegalStateException("CostCredential " + NAME + " is gone");
    }
    return Cr.of(r);
  }

  /** Sets one annotation, as {@code kubectl annotate --overwrite} does (no resourceVersion). */
  public void annotate(String key, String value) {
    mergePatch(NAME, Map.of("metadata", Map.of("annotations", Map.of(key, value))));
  }

  /** A JSON merge patch of the spec: concurrent status writes of the operator cannot conflict. */
  public void patchSpec(Map<String, Object> spec) {
    mergePatch(NAME, Map.of("spec", spec));
  }

  private void mergePatch(String name, Map<String, Object> patch) {
    crResource()
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  public io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      crResource() {
    return admin
        .genericKubernetesResources("costcred.io/v1alpha1", "CostCredential")
        .inNamespace(namespace);
  }

  /** Decoded data of a Secret in the workload namespace (empty when it does not exist). */
  public Map<String, String> secretData(String name) {
    return Secrets.data(admin, namespace, name);
  }

  /** Events about the CostCredential, oldest first. */
  public List<Event> events() {
    return admin.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "CostCredential".equals(e.getInvolvedObject().getKind()))
        .filter(e -> NAME.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> e.getMetadata().getCreationTimestamp()))
        .toList();
  }

  public List<String> eventReasons() {
    return events().stream().map(Event::getReason).toList();
  }

  public Fingerprints fingerprints() {
    if (fingerprints == null) {
      fingerprints = Fingerprints.load(admin, operatorNamespace);
    }
    return fingerprints;
  }

  /**
   * Starts an operator replica as the chart's ServiceAccount; {@code failpoint} may be null. A
   * replica started again with the same identity is a container restarted in the same pod.
   */
  public OperatorProcess startOperator(String identity, String failpoint) {
    return startOperator(identity, failpoint, List.of());
  }

  /** A replica with extra flags after the standard ones (e.g. {@code --no-rollout-events}). */
  public OperatorProcess startOperator(String identity, String failpoint, List<String> extraArgs) {
    String logName = String.format("%02d-%s", processes.size() + 1, identity);
    OperatorProcess p =
        OperatorLaunch.start(
            new OperatorLaunch.Options(
                kubeconfig,
                operatorNamespace,
                namespace,
                identity,
                failpoint,
                logDir,
                logName,
                List.of(),
                extraArgs,
                Map.of()));
    processes.add(p);
    if (failpoint != null) {
      mayExit.add(p);
    }
    return p;
  }

  /** Stops a replica dead (SIGKILL); it is not expected to run any more. */
  public void kill(OperatorProcess p) {
    mayExit.add(p);
    p.kill();
  }

  /**
   * Waits until the CostCredential satisfies {@code done}. Fails at once when an operator process
   * that should run has died; on timeout the message carries the status and the process output,
   * with every secret value replaced.
   */
  public Cr awaitCr(String what, Duration timeout, Predicate<Cr> done) {
    Cr[] last = new Cr[1];
    await(
        what,
        timeout,
        () -> {
          last[0] = cr();
          return done.test(last[0]);
        });
    return last[0];
  }

  public void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> done) {
    Awaits.until(what, timeout, this::assertProcessesAlive, done, this::diagnostics);
  }

  private void assertProcessesAlive() {
    for (OperatorProcess p : processes) {
      if (!p.isAlive() && !mayExit.contains(p)) {
        throw new AssertionError(
            "operator "
                + p.name()
                + " exited unexpectedly with code "
                + p.exitCode()
                + "\n"
                + leaks.redact(p.tail()));
      }
    }
  }

  /** The CostCredential's status and each process's last output, secrets redacted. */
  public String diagnostics() {
    StringBuilder sb = new StringBuilder();
    try {
      Cr c = cr();
      sb.append("CostCredential annotations: ")
          .append(c.json().at("/metadata/annotations"))
          .append("\nstatus: ")
          .append(leaks.redact(c.json().at("/status").toPrettyString()))
          .append('\n');
    } catch (RuntimeException e) {
      sb.append("CostCredential unreadable: ").append(e.getMessage()).append('\n');
    }
    for (OperatorProcess p : processes) {
      sb.append("--- operator ").append(p.name());
      p.output()
          .lines()
          .filter(l -> l.contains(" ERROR ") || l.contains(" WARN "))
          .filter(l -> !l.contains("unstable version"))
          .findFirst()
          .ifPresent(l -> sb.append(", first problem: ").append(leaks.redact(l)));
      sb.append(" (tail) ---\n");
      sb.append(leaks.redact(p.tail())).append('\n');
    }
    return sb.toString();
  }

  /**
   * No token value (and not the ServiceAccount token) in anything the operator wrote: process
   * output, the CostCredential, its Events.
   */
  public void assertNoLeaks() {
    for (OperatorProcess p : processes) {
      leaks.assertAbsent("output of operator " + p.name(), p.output());
    }
    GenericKubernetesResource r = crResource().withName(NAME).get();
    if (r != null) {
      leaks.assertAbsent("the CostCredential", Serialization.asJson(r));
    }
    for (Event e : events()) {
      leaks.assertAbsent("Event " + e.getReason(), e.getMessage());
    }
  }

  @Override
  public void close() {
    List<Throwable> problems = new ArrayList<>();
    processes.forEach(p -> Undo.run(problems, p::close));
    Undo.run(problems, this::assertNoLeaks);
    cleanUp(problems);
    if (!problems.isEmpty()) {
      AssertionError e = new AssertionError("scenario cleanup: " + problems.get(0).getMessage());
      problems.forEach(e::addSuppressed);
      throw e;
    }
  }

  private synchronized void cleanUp(List<Throwable> problems) {
    OPEN.remove(this);
    processes.forEach(p -> Undo.run(problems, p::close));
    problems.addAll(undo.runAll());
  }

  /** No operator runs any more: drop its finalizer so the namespace can go. */
  private void releaseFinalizers() {
    for (GenericKubernetesResource r : crResource().list().getItems()) {
      mergePatch(r.getMetadata().getName(), Map.of("metadata", Map.of("finalizers", List.of())));
    }
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
