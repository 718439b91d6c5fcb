package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global flags, kubeconfig handling and exit codes. */
@EnableKubernetesMockClient(crud = true)
class CliOptionsMockTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path tmp;

  @BeforeAll
  static void seed() {
    Fixtures.installCrd(client);
    Fixtures.create(client, "finops", "in-finops");
    Fixtures.create(client, "test", "in-test");
  }

  @Test
  void namespaceFlagWorksBeforeAndAfterTheCommand() {
    var after = Cli.run(client, "list", "-n", "finops");
    var before = Cli.run(client, "-n", "finops", "list");
    var longForm = Cli.run(client, "list", "--namespace=finops");
    for (var r : new Cli.Result[] {after, before, longForm}) {
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("in-finops").doesNotContain("in-test");
    }
  }

  @Test
  void namespaceDefaultsToTheClientsContextNamespace() {
    // The mock client's context namespace is "test".
    var r = Cli.run(client, "list");
    assertThat(r.out()).contains("in-test").doesNotContain("in-finops");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(Cli.run(client).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run(client).err()).contains("a command is required");
    var unknown = Cli.run(client, "list", "--bogus");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'");
    var format = Cli.run(client, "list", "-o", "xml");
    assertThat(format.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(format.err()).contains("Invalid value for option '--output'");
    assertThat(Cli.run(client, "describe").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run(client, "rotate", "x", "--timeout", "soon").code())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void helpAndVersion() {
    var help = Cli.run(client, "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("list", "describe", "rotate", "pool", "verify")
        .contains("--kubeconfig", "--context", "--namespace")
        .contains("Exit codes: 0 ok, 1 failed check, 2 usage, 3 API error.");
    var rotateHelp = Cli.run(client, "rotate", "--help");
    assertThat(rotateHelp.out()).contains("--emergency", "--reason", "--no-wait", "--timeout");
    assertThat(Cli.run(client, "--version").out()).startsWith("kubectl-costcred ");
  }

  @Test
  void kubeconfigContextAndItsNamespaceAreHonoured() throws IOException {
    Path kubeconfig = kubeconfig(server.url("/"), "finops");
    var r = real("--kubeconfig", kubeconfig.toString(), "list");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("in-finops");
    var other = real("--kubeconfig", kubeconfig.toString(), "--context", "other", "list");
    assertThat(other.code()).as(other.toString()).isZero();
    assertThat(other.out()).contains("in-test");
    var missing = real("--kubeconfig", kubeconfig.toString(), "--context", "nope", "list");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("context \"nope\" does not exist in the kubeconfig");
  }

  @Test
  void missingKubeconfigIsAUsageErrorAndAnUnreachableServerAnApiError() throws IOException {
    var none = real("--kubeconfig", tmp.resolve("absent").toString(), "list");
    assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("does not exist");
    var down = real("--kubeconfig", kubeconfig("https://127.0.0.1:1/", "x").toString(), "list");
    assertThat(down.code()).as(down.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(down.err()).contains("cannot reach the API server");
  }

  @Test
  void asAndAsGroupSendImpersonationHeaders() throws Exception {
    var r =
        Cli.run(
            client,
            "--as",
            "bob@example.com",
            "--as-group",
            "oncall",
            "--as-group",
            "finops-admins",
            "list",
            "-n",
            "finops");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("in-finops");
    var request = server.getLastRequest();
    assertThat(request.getPath()).contains("/costcredentials");
    assertThat(request.getHeader("Impersonate-User")).isEqualTo("bob@example.com");
    assertThat(request.getHeaders().headers("Impersonate-Group"))
        .containsExactly("oncall", "finops-admins");
    var after = Cli.run(client, "list", "-n", "finops", "--as=carol");
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(server.getLastRequest().getHeader("Impersonate-User")).isEqualTo("carol");
    var none = Cli.run(client, "list", "-n", "finops");
    assertThat(none.code()).isZero();
    assertThat(server.getLastRequest().getHeader("Impersonate-User")).isNull();
  }

  @Test
  void asGroupWithoutAsIsAUsageError() {
    var r = Cli.run(client, "--as-group", "oncall", "list");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--as-group needs --as");
  }

  /** Runs with the plugin's own kubeconfig handling (not the injected mock client). */
  private static Cli.Result real(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (CostcredCommand root =
        new CostcredCommand(ClientFactory::fromKubeconfig, Clock.systemUTC())) {
      int code = Main.run(root, new PrintWriter(out), new PrintWriter(err), args);
      return new Cli.Result(code, out.toString(), err.toString());
    }
  }

  private Path kubeconfig(String server, String namespace) throws IOException {
    Path p = Files.createTempFile(tmp, "kubeconfig", ".yaml");
    Files.writeString(
        p,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: someone
          user: {token: not-a-real-token}
        contexts:
        - name: main
          context: {cluster: mock, user: someone, namespace: %s}
        - name: other
          context: {cluster: mock, user: someone, namespace: test}
        current-context: main
        """
            .formatted(server, namespace));
    return p;
  }
}
