package io.costcred.e2e.support;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.OperatorProcess;
import io.costcred.testsupport.Secrets;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-tenant world of the isolation suite: an operator namespace and two team namespaces, the
 * chart's RBAC for a release watching both, real OpenBao (Kubernetes auth against this API server)
 * and moto, the fake Vantage API, capture servers, and one operator process as the chart's
 * ServiceAccount. {@link #close()} kills the process, scans its whole output for every secret value
 * of the run, and removes everything it created, also on failure.
 */
public final class TenantWorld implements AutoCloseable {
  public static final String API = "costcred.io/v1alpha1";
  private static final Logger LOG = LoggerFactory.getLogger(TenantWorld.class);

  public final KubernetesClient admin;
  public final String opNs;
  public final String teamA;
  public final String teamB;
  public final FakeVantage vantage;
  public final Bao bao;
  public final Moto moto;

  /** Listed in {@code --egress-allow} (plain http): requests really reach it. */
  public final CaptureServer capture;

  /** Listed only as {@code https://127.0.0.1:<port>}: an http URL to it must be refused. */
  public final CaptureServer trapHttp;

  /** Not listed at all. */
  public final CaptureServer trapUnlisted;

  /** Listed (plain http); answers every request with a redirect to {@link #trapUnlisted}. */
  public final CaptureServer redirector;

  public final LeakScan leaks = new LeakScan();
  private final Undo undo = new Undo();
  private final Path logDir;
  private ChartRbac chart;
  private String operatorToken;
  private Path kubeconfig;
  private OperatorProcess operator;
  private Fingerprints fingerprints;

  private TenantWorld(String scenario) throws IOException {
    admin = Cluster.admin();
    undo.push(admin::close);
    try {
      Cluster.installCrd(admin);
      opNs = namespace("e2e-op", Map.of());
      teamA = namespace("team-a", Map.of("costcred.io/tier", "strict"));
      teamB = namespace("team-b", Map.of());
      undo.push(this::releaseFinalizers); // before the namespaces go
      logDir = Repo.outDir().resolve(scenario);
      Repo.deleteTree(logDir);
      Files.createDirectories(logDir);
      vantage = FakeVantage.builder().bind(new InetSocketAddress("127.0.0.1", 0)).start();
      undo.push(vantage::close);
      capture = closing(CaptureServer.start("capture"));
      trapHttp = closing(CaptureServer.start("trap-http"));
      trapUnlisted = closing(CaptureServer.start("trap-unlisted"));
      redirector = closing(CaptureServer.start("redirector"));
      redirector.redirectTo(trapUnlisted.httpUrl() + "/redirected");
      bao = Bao.start(admin, opNs);
      undo.push(bao::close);
      bao.secrets().forEach(leaks::add);
      moto = Moto.start();
      undo.push(moto::close);
      leaks.add(Moto.SECRET_ACCESS_KEY);
    } catch (IOException | RuntimeException | Error e) {
      undo.runAll().forEach(e::addSuppressed);
      throw e;
    }
  }

  /** A fresh world; the scenario names the output directory. */
  public static TenantWorld create(String scenario) {
    try {
      return new TenantWorld(scenario);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private CaptureServer closing(CaptureServer c) {
    undo.push(c::close);
    return c;
  }

  private String namespace(String prefix, Map<String, String> labels) {
    String ns = Cluster.freshNamespace(admin, prefix);
    undo.push(() -> admin.namespaces().withName(ns).delete());
    if (!labels.isEmpty()) {
      admin
          .namespaces()
          .withName(ns)
          .edit(
              n -> {
                n.getMetadata().getLabels().putAll(labels);
                return n;
              });
    }
    return ns;
  }

  /** Installs the chart's RBAC (watching both teams) with extra values, and a kubeconfig for it. */
  public void installChart(Map<String, String> values) throws IOException {
    chart = new ChartRbac(admin, opNs, List.of(teamA, teamB), values);
    undo.push(chart::close);
    String token = chart.requestToken();
    leaks.add(token);
    operatorToken = token;
    Path dir = Files.createTempDirectory("costcred-e2e-");
    undo.push(() -> Repo.deleteTree(dir));
    kubeconfig = chart.writeKubeconfig(dir, token);
  }

  public ChartRbac chart() {
    return chart;
  }

  /** The API token the operator process authenticates with (a secret: scanned for). */
  public String operatorToken() {
    return operatorToken;
  }

  /** Starts the operator as the chart's ServiceAccount with extra JVM options, flags and env. */
  public OperatorProcess startOperator(
      List<String> jvmOptions, List<String> args, Map<String, String> env) {
    operator =
        OperatorLaunch.start(
            new OperatorLaunch.Options(
                kubeconfig,
                opNs,
                teamA + "," + teamB,
                "isolation",
                null,
                logDir,
                "01-isolation",
                jvmOptions,
                args,
                env));
    undo.push(operator::close);
    await("operator ready", Duration.ofSeconds(120), operator::ready);
    return operator;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** A tenant ServiceAccount with the given ClusterRoles bound in its namespace. */
  public Tenant tenant(String namespace, String name, List<String> clusterRoles) {
    Tenant t = Tenant.create(admin, namespace, name, clusterRoles);
    undo.push(t::close);
    leaks.add(t.token());
    return t;
  }

  /** Issues a Vantage token in the fake account (a secret: scanned for). */
  public String issue(String description) {
    String token = vantage.issueToken(description, Set.of("read"));
    leaks.add(token);
    return token;
  }

  /** An admin-filled pool Secret, keys 1..n. */
  public void pool(String ns, String name, List<String> tokens) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      data.put(Integer.toString(i + 1), E2eEnv.b64(tokens.get(i)));
    }
    secret(ns, name, data);
  }

  /** Creates a Secret with base64 {@code data} as the admin. */
  public void secret(String ns, String name, Map<String, String> data) {
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  /** Decoded data of a Secret (empty when absent). */
  public Map<String, String> secretData(String ns, String name) {
    return Secrets.data(admin, ns, name);
  }

  /**
   * Adds the secret access key an IAM CostCredential published to Secret {@code name} to the leak
   * scan and returns it (null when nothing was published). The access key id beside it is an
   * identifier, not a secret: the operator records it in {@code status.currentToken.id} and logs
   * it, as CloudTrail does.
   */
  public String scanIamSecret(String ns, String name) {
    String secret = secretData(ns, name).get("AWS_SECRET_ACCESS_KEY");
    if (secret != null) {
      leaks.add(secret);
    }
    return secret;
  }

  /** Parses one YAML object (the shapes of docs/design/tenant-isolation.md). */
  public static GenericKubernetesResource yaml(String text) {
    return Serialization.unmarshal(text, GenericKubernetesResource.class);
  }

  /** Creates {@code text} as the admin; cluster-scoped objects are deleted at the end. */
  public GenericKubernetesResource apply(String text) {
    GenericKubernetesResource r = yaml(text);
    GenericKubernetesResource created = admin.resource(r).create();
    if (r.getMetadata().getNamespace() == null) {
      undo.push(() -> admin.resource(created).delete());
    }
    return created;
  }

  /**
   * Creates {@code yaml} as {@code client}; returns 0 when accepted, else the HTTP status of the
   * refusal (its message is in {@link #lastRefusal}).
   */
  public int tryCreate(KubernetesClient client, String text) {
    GenericKubernetesResource r = yaml(text);
    try {
      GenericKubernetesResource created = client.resource(r).create();
      if (r.getMetadata().getNamespace() == null) {
        undo.push(() -> admin.resource(created).delete());
      }
      return 0;
    } catch (KubernetesClientException e) {
      lastRefusal = e.getMessage();
      return e.getCode();
    }
  }

  /** The message of the last refused write (no secret in it: the requests carry none). */
  public volatile String lastRefusal;

  /**
   * Asks for a rotation as {@code client} through annotations: {@code costcred.io/requested-by} set
   * to {@code requestedBy} (the caller's own name, or a spoofed one) and {@code annotation} to
   * {@code value}; 0 or the refusal's HTTP code, as {@link #tryMergePatch}.
   */
  public int tryAnnotate(
      KubernetesClient client,
      String ns,
      String name,
      String requestedBy,
      String annotation,
      String value) {
    return tryMergePatch(
        client,
        ns,
        name,
        Map.of(
            "metadata",
            Map.of(
                "annotations", Map.of("costcred.io/requested-by", requestedBy, annotation, value))),
        false);
  }

  /** A JSON merge patch of a CostCredential (or its status subresource) as {@code client}. */
  public int tryMergePatch(
      KubernetesClient client, String ns, String name, Map<String, Object> patch, boolean status) {
    try {
      var res =
          client.genericKubernetesResources(API, "CostCredential").inNamespace(ns).withName(name);
      String json = Serialization.asJson(patch);
      if (status) {
        res.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
      } else {
        res.patch(PatchContext.of(PatchType.JSON_MERGE), json);
      }
      return 0;
    } catch (KubernetesClientException e) {
      lastRefusal = e.getMessage();
      return e.getCode();
    }
  }

  public Cr cr(String ns, String name) {
    GenericKubernetesResource r =
        admin
            .genericKubernetesResources(API, "CostCredential")
            .inNamespace(ns)
            .withName(name)
            .get();
    if (r == null) {
      throw new IllegalStateException("CostCredential " + ns + "/" + name + " is gone");
    }
    return Cr.of(r);
  }

  /** Waits until the CostCredential satisfies {@code done}; the failure carries diagnostics. */
  public Cr awaitCr(String ns, String name, String what, Duration timeout, Predicate<Cr> done) {
    Cr[] last = new Cr[1];
    await(
        what,
        timeout,
        () -> {
          last[0] = cr(ns, name);
          return done.test(last[0]);
        });
    return last[0];
  }

  /** Waits until any condition of the CostCredential has {@code reason}. */
  public Cr awaitReason(String ns, String name, Duration timeout, String... reasons) {
    return awaitCr(
        ns,
        name,
        name + " has a condition with reason " + List.of(reasons),
        timeout,
        c -> reasons(c).stream().anyMatch(List.of(reasons)::contains));
  }

  /** Reasons of every condition of a CostCredential. */
  public static List<String> reasons(Cr c) {
    List<String> out = new ArrayList<>();
    c.json().at("/status/conditions").forEach(n -> out.add(n.path("reason").asText()));
    return out;
  }

  public void await(String what, Duration timeout, Callable<Boolean> done) {
    Awaits.until(what, timeout, this::assertOperatorAlive, done, this::diagnostics);
  }

  private void assertOperatorAlive() {
    if (operator != null && !operator.isAlive()) {
      throw new AssertionError(
          "operator exited with " + operator.exitCode() + "\n" + leaks.redact(operator.tail()));
    }
  }

  /** Events about one object, oldest first. */
  public List<Event> events(String ns, String name) {
    return admin.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> e.getMetadata().getCreationTimestamp()))
        .toList();
  }

  /** A TokenReview as the admin; {@code audiences} empty means the API server's own. */
  public io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus review(
      String jwt, List<String> audiences) {
    var review =
        new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder()
            .withNewSpec()
            .withToken(jwt)
            .withAudiences(audiences)
            .endSpec()
            .build();
    return admin.resource(review).create().getStatus();
  }

  public Fingerprints fingerprints() {
    if (fingerprints == null) {
      fingerprints = Fingerprints.load(admin, opNs);
    }
    return fingerprints;
  }

  /** The operator's output, every CostCredential and Event of both teams: no secret value. */
  public void assertNoLeaks() {
    if (operator != null) {
      leaks.assertAbsent("output of the operator", operator.output());
    }
    for (String ns : List.of(teamA, teamB)) {
      for (var r :
          admin
              .genericKubernetesResources(API, "CostCredential")
              .inNamespace(ns)
              .list()
              .getItems()) {
        leaks.assertAbsent(
            "CostCredential " + ns + "/" + r.getMetadata().getName(), Serialization.asJson(r));
      }
      for (Event e : admin.v1().events().inNamespace(ns).list().getItems()) {
        leaks.assertAbsent("Event " + e.getReason(), e.getMessage());
      }
    }
  }

  /** Status of every CostCredential and the operator's last output, secrets redacted. */
  public String diagnostics() {
    StringBuilder sb = new StringBuilder();
    try {
      for (String ns : List.of(teamA, teamB)) {
        for (var r :
            admin
                .genericKubernetesResources(API, "CostCredential")
                .inNamespace(ns)
                .list()
                .getItems()) {
          sb.append(ns)
              .append('/')
              .append(r.getMetadata().getName())
              .append(" status: ")
              .append(leaks.redact(Serialization.asJson(r.getAdditionalProperties().get("status"))))
              .append('\n');
        }
      }
    } catch (RuntimeException e) {
      sb.append("status unreadable: ").append(e.getMessage()).append('\n');
    }
    if (operator != null) {
      sb.append("--- operator (tail) ---\n").append(leaks.redact(operator.tail())).append('\n');
    }
    return sb.toString();
  }

  @Override
  public void close() {
    List<Throwable> problems = new ArrayList<>();
    if (operator != null) {
      Undo.run(problems, operator::close);
      Undo.run(problems, this::assertNoLeaks);
    }
    problems.addAll(undo.runAll());
    if (!problems.isEmpty()) {
      AssertionError e =
          new AssertionError("isolation world cleanup: " + problems.get(0).getMessage());
      problems.forEach(e::addSuppressed);
      throw e;
    }
    LOG.info("isolation world removed");
  }

  private void releaseFinalizers() {
    for (String ns : List.of(teamA, teamB)) {
      var res = admin.genericKubernetesResources(API, "CostCredential").inNamespace(ns);
      for (GenericKubernetesResource r : res.list().getItems()) {
        res.withName(r.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(Map.of("metadata", Map.of("finalizers", List.of()))));
      }
    }
  }
}
