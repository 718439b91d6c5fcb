package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code rotate} with several names, {@code -l}, {@code --all} and {@code -A}; its refusals. */
@EnableKubernetesMockClient(crud = true)
class RotateSelectMockTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void seed() {
    create("finops", "a", Map.of("team", "finops"));
    create("finops", "b", Map.of("team", "finops"));
    create("finops", "c", Map.of("team", "web"));
    create("web", "d", Map.of("team", "finops"));
    Fixtures.authenticatedAs(server, "alice");
  }

  private void create(String ns, String name, Map<String, String> labels) {
    var r = Fixtures.create(client, ns, name);
    r.getMetadata().setLabels(labels);
    client.genericKubernetesResources(Api.COSTCREDENTIALS).inNamespace(ns).resource(r).update();
  }

  private boolean requested(String ns, String name) {
    return Fixtures.read(client, ns, name).requestedRotation().isPresent();
  }

  @Test
  void severalNamesAreEachRequestedOnce() {
    var r = Cli.run(client, "rotate", "a", "b", "a", "-n", "finops", "--no-wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Rotation requested for costcredential finops/a")
        .contains("Rotation requested for costcredential finops/b");
    assertThat(r.out().split("requested for costcredential finops/a", -1)).hasSize(2);
    assertThat(requested("finops", "a")).isTrue();
    assertThat(requested("finops", "b")).isTrue();
    assertThat(requested("finops", "c")).isFalse();
  }

  @Test
  void aSelectorPicksTheMatchingCredentialsOfTheNamespace() {
    var r = Cli.run(client, "rotate", "-l", "team=finops", "-n", "finops", "--no-wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(requested("finops", "a")).isTrue();
    assertThat(requested("finops", "b")).isTrue();
    assertThat(requested("finops", "c")).isFalse();
    assertThat(requested("web", "d")).isFalse();
  }

  @Test
  void allNamespacesWithASelectorCrossesNamespaces() {
    var r = Cli.run(client, "rotate", "-A", "--selector", "team=finops", "--no-wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("finops/a", "finops/b", "web/d").doesNotContain("finops/c");
    assertThat(requested("web", "d")).isTrue();
    assertThat(requested("finops", "c")).isFalse();
  }

  @Test
  void allRotatesTheNamespaceAndWithAEveryNamespace() {
    var ns = Cli.run(client, "rotate", "--all", "-n", "web", "--no-wait");
    assertThat(ns.code()).as(ns.toString()).isZero();
    assertThat(requested("web", "d")).isTrue();
    assertThat(requested("finops", "a")).isFalse();
    var every = Cli.run(client, "rotate", "--all", "-A", "--no-wait");
    assertThat(every.code()).as(every.toString()).isZero();
    assertThat(requested("finops", "a")).isTrue();
    assertThat(requested("finops", "c")).isTrue();
  }

  @Test
  void emergencyTakesExplicitNamesOnly() {
    for (String[] args :
        new String[][] {
          {"rotate", "--all", "--emergency", "--reason", "INC-1"},
          {"rotate", "-l", "team=finops", "--emergency", "--reason", "INC-1"},
          {"rotate", "a", "-A", "--emergency", "--reason", "INC-1"},
          {"rotate", "--all", "-A", "--emergency", "--reason", "INC-1"}
        }) {
      var r = Cli.run(client, args);
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("--emergency takes explicit CostCredential names only");
    }
    assertThat(requested("finops", "a")).isFalse();
    var named =
        Cli.run(
            client,
            "rotate",
            "a",
            "b",
            "-n",
            "finops",
            "--emergency",
            "--reason",
            "INC-1",
            "--no-wait");
    assertThat(named.code()).as(named.toString()).isZero();
    assertThat(Fixtures.read(client, "finops", "b").requestedRotation().orElseThrow().emergency())
        .isTrue();
  }

  @Test
  void ambiguousSelectionsAreUsageErrors() {
    String[][] cases = {
      {"rotate"},
      {"rotate", "a", "--all"},
      {"rotate", "a", "-l", "team=x"},
      {"rotate", "--all", "-l", "team=x"},
      {"rotate", "a", "-A"},
      {"rotate", "-l", " "}
    };
    for (String[] args : cases) {
      var r = Cli.run(client, args);
      assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isEqualTo(ExitCodes.USAGE);
    }
  }

  @Test
  void nothingMatchedExitsOneAndAMissingNameExitsThreeAfterTheOthers() {
    var none = Cli.run(client, "rotate", "-l", "team=nobody", "-n", "finops", "--no-wait");
    assertThat(none.code()).as(none.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(none.err()).contains("no CostCredential matched");
    var missing = Cli.run(client, "rotate", "ghost", "a", "-n", "finops", "--no-wait");
    assertThat(missing.code()).as(missing.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(missing.err()).contains("\"ghost\" not found");
    assertThat(requested("finops", "a")).isTrue();
  }
}
