package io.costcred.e2e.support;

import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.OperatorProcess;
import io.costcred.testsupport.Secrets;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A light world for AWS IAM access key scenarios: one team namespace and an operator namespace, the
 * chart's RBAC watching the team, moto (no OpenBao, no Vantage), a platform {@code
 * ClusterCredentialConnection} to moto for the team, and one operator process as the chart's
 * ServiceAccount with static keys for moto. {@link #close()} kills the process, scans its output,
 * the CostCredentials and their Events for every secret value of the run, and removes everything it
 * created, also on failure.
 */
public final class IamWorld implements AutoCloseable {
  public static final String API = "costcred.io/v1alpha1";
  private static final Logger LOG = LoggerFactory.getLogger(IamWorld.class);

  public final KubernetesClient admin;
  public final String opNs;
  public final String ns;
  public final Moto moto;

  /** The platform connection to moto that serves {@link #ns}. */
  public final String connection;

  public final LeakScan leaks = new LeakScan();
  private final Undo undo = new Undo();
  private final Path logDir;
  private final Path kubeconfig;
  private OperatorProcess operator;

  private IamWorld(String scenario) throws IOException {
    admin = Cluster.admin();
    undo.push(admin::close);
    try {
      Cluster.installCrd(admin);
      opNs = namespace("e2e-op");
      ns = namespace("e2e-iam");
      undo.push(this::releaseFinalizers); // before the namespaces go
      logDir = Repo.outDir().resolve(scenario);
      Repo.deleteTree(logDir);
      Files.createDirectories(logDir);
      ChartRbac chart = new ChartRbac(admin, opNs, ns);
      undo.push(chart::close);
      String token = chart.requestToken();
      leaks.add(token);
      Path dir = Files.createTempDirectory("costcred-e2e-");
      undo.push(() -> Repo.deleteTree(dir));
      kubeconfig = chart.writeKubeconfig(dir, token);
      moto = Moto.start();
      undo.push(moto::close);
      leaks.add(Moto.SECRET_ACCESS_KEY);
      connection = "platform-aws-" + Long.toString(System.nanoTime(), 36);
      GenericKubernetesResource conn =
          admin
              .resource(
                  Serialization.unmarshal(
                      Specs.clusterAws(connection, List.of(ns), moto.endpoint()),
                      GenericKubernetesResource.class))
              .create();
      undo.push(() -> admin.resource(conn).delete());
    } catch (IOException | RuntimeException | Error e) {
      undo.runAll().forEach(e::addSuppressed);
      throw e;
    }
    LOG.info("IAM world {}: namespaces {} and {}", scenario, ns, opNs);
  }

  /** A fresh world; the scenario names the output directory. */
  public static IamWorld create(String scenario) {
    try {
      return new IamWorld(scenario);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String namespace(String prefix) {
    String name = Cluster.freshNamespace(admin, prefix);
    undo.push(() -> admin.namespaces().withName(name).delete());
    return name;
  }

  /** Starts the operator with the standard flags plus {@code args}; waits until it is ready. */
  public OperatorProcess startOperator(List<String> args) {
    List<String> all = new ArrayList<>();
    all.add("--egress-allow=http://127.0.0.1:" + moto.port());
    all.addAll(args);
    operator =
        OperatorLaunch.start(
            new OperatorLaunch.Options(
                kubeconfig,
                opNs,
                ns,
                "iam-" + Long.toString(System.nanoTime(), 36),
                null,
                logDir,
                "01-operator",
                List.of(),
                all,
                Map.of(
                    "AWS_ACCESS_KEY_ID",
                    Moto.ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY",
                    Moto.SECRET_ACCESS_KEY,
                    "AWS_REGION",
                    "us-east-1",
                    "AWS_EC2_METADATA_DISABLED",
                    "true")));
    undo.push(operator::close);
    await("operator ready", Duration.ofSeconds(120), operator::ready);
    return operator;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** Creates a namespaced object from YAML as the admin. */
  public void apply(String yaml) {
    admin.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
  }

  /** Sets one annotation of a CostCredential (a JSON merge patch, as kubectl annotate). */
  public void annotate(String name, String key, String value) {
    admin
        .genericKubernetesResources(API, "CostCredential")
        .inNamespace(ns)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(key, value)))));
  }

  /** Decoded data of a Secret of the team namespace (empty when absent). */
  public Map<String, String> secretData(String name) {
    return Secrets.data(admin, ns, name);
  }

  public Cr cr(String name) {
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
  public Cr awaitCr(String name, String what, Duration timeout, Predicate<Cr> done) {
    Cr[] last = new Cr[1];
    await(
        what,
        timeout,
        () -> {
          last[0] = cr(name);
          return done.test(last[0]);
        });
    return last[0];
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

  /** Events about one object of the team namespace, oldest first. */
  public List<Event> events(String name) {
    return admin.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> e.getMetadata().getCreationTimestamp()))
        .toList();
  }

  /** The operator's output, every CostCredential and Event of the team: no secret value. */
  public void assertNoLeaks() {
    if (operator != null) {
      leaks.assertAbsent("output of the operator", operator.output());
    }
    for (var r :
        admin.genericKubernetesResources(API, "CostCredential").inNamespace(ns).list().getItems()) {
      leaks.assertAbsent("CostCredential " + r.getMetadata().getName(), Serialization.asJson(r));
    }
    for (Event e : admin.v1().events().inNamespace(ns).list().getItems()) {
      leaks.assertAbsent("Event " + e.getReason(), e.getMessage());
    }
  }

  /** Status of every CostCredential and the operator's last output, secrets redacted. */
  public String diagnostics() {
    StringBuilder sb = new StringBuilder();
    try {
      for (var r :
          admin
              .genericKubernetesResources(API, "CostCredential")
              .inNamespace(ns)
              .list()
              .getItems()) {
        sb.append(r.getMetadata().getName())
            .append(" annotations: ")
            .append(r.getMetadata().getAnnotations())
            .append("\nstatus: ")
            .append(leaks.redact(Serialization.asJson(r.getAdditionalProperties().get("status"))))
            .append('\n');
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
      AssertionError e = new AssertionError("IAM world cleanup: " + problems.get(0).getMessage());
      problems.forEach(e::addSuppressed);
      throw e;
    }
    LOG.info("IAM world removed");
  }

  /** No operator runs any more: drop the finalizers so the namespace can go. */
  private void releaseFinalizers() {
    var res = admin.genericKubernetesResources(API, "CostCredential").inNamespace(ns);
    for (GenericKubernetesResource r : res.list().getItems()) {
      res.withName(r.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("metadata", Map.of("finalizers", List.of()))));
    }
  }
}
