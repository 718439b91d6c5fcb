package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ListDescribeMockTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  /** Read-only tests: one server and one seed for the class. */
  @BeforeAll
  static void seed() {
    Fixtures.seedRich(client, "finops", "finfocus-vantage");
    Fixtures.create(client, "finops", "fresh"); // no status yet
    Fixtures.create(client, "other", "rotating");
    Fixtures.status(
        client,
        "other",
        "rotating",
        """
        {"status":{"provider":"vantage","revision":3,"poolRemaining":0,
          "lastRotationTime":"2026-01-20T08:00:05Z",
          "rotation":{"id":"uid-r4","trigger":"Emergency","phase":"AwaitingRollout"},
          "lastFailure":{"reason":"RolloutStalled","message":"Deployment api has not rolled out",
            "time":"2026-01-20T08:01:00Z","attempts":3,"retryAt":"2026-01-20T08:05:00Z"},
          "conditions":[{"type":"Ready","status":"True","reason":"CredentialCurrent"}]}}
        """);
  }

  @Test
  void listShowsOneRowPerCredentialWithTheDerivedColumns() {
    var r = Cli.run(client, "list", "-n", "finops");
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(words(lines.get(0)))
        .containsExactly(
            "NAMESPACE",
            "NAME",
            "READY",
            "PROVIDER",
            "TOKEN",
            "AGE",
            "NEXT",
            "ROTATION",
            "PENDING",
            "REVOCATION",
            "POOL");
    // TOKEN AGE from lastRotationTime (10 days before the test clock), NEXT ROTATION with the
    // time left, pending revocations with the manual count, POOL from status.poolRemaining.
    assertThat(words(lines.get(1)))
        .containsExactly(
            "finops",
            "finfocus-vantage",
            "True",
            "vantage",
            "10d",
            "2026-04-14T09:00:00Z",
            "(in",
            "83d)",
            "2",
            "(1",
            "manual)",
            "2");
    assertThat(words(lines.get(2)))
        .containsExactly("finops", "fresh", "Unknown", "vantage", "-", "-", "0", "-");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void listAllNamespacesShowsARunningRotationInsteadOfTheSchedule() {
    var r = Cli.run(client, "list", "-A");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().skip(1).map(l -> words(l).get(0) + "/" + words(l).get(1)))
        .containsExactly("finops/finfocus-vantage", "finops/fresh", "other/rotating");
    assertThat(r.out()).contains("running: Emergency AwaitingRollout");
    assertThat(words(r.out().lines().toList().get(3))).contains("62m", "0");
  }

  @Test
  void listFiltersByLabelSelectorAndReportsNothingFoundOnStderr() {
    var r = Cli.run(client, "list", "-A", "-l", "team=finops");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(4);
    var none = Cli.run(client, "list", "-n", "finops", "-l", "team=nobody");
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("No resources found in finops namespace.");
  }

  @Test
  void listAsJsonIsAKubectlStyleListOfTheStoredObjects() throws Exception {
    var r = Cli.run(client, "list", "-n", "finops", "-o", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode list = new ObjectMapper().readTree(r.out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(2);
    assertThat(list.path("items").get(0).at("/status/currentToken/fingerprint").asText())
        .isEqualTo("9f2c4e1ab37d5c08e6f1a2b3c4d5e6f7");
    assertThat(list.path("items").get(0).at("/metadata/managedFields").isMissingNode()).isTrue();
  }

  @Test
  void describeShowsTokenConditionsRevocationsHistoryAndEmergency() {
    var r = Cli.run(client, "describe", "finfocus-vantage", "-n", "finops");
    assertThat(r.code()).as(r.toString()).isZero();
    String out = r.out();
    assertThat(out)
        .contains("Name:", "finfocus-vantage", "Namespace:", "finops", "Revision:", "11")
        .contains("Ready:", "True (CredentialCurrent) token 2025-10-01 served by 1 store(s)")
        .contains("Pool Remaining:", "2 (Secret finfocus-vantage-pool)");
    assertThat(section(out, "Current Token:"))
        .contains("ID:", "2025-10-01")
        .contains("Fingerprint:", "9f2c4e1ab37d5c08e6f1a2b3c4d5e6f7")
        .contains("Description:", "finfocus-prod-2025-10")
        .contains("Obtained:", "2026-01-10T09:00:01Z (10d ago)")
        .contains("Verified:", "2026-01-10T09:00:02Z (10d ago)");
    assertThat(section(out, "Conditions:"))
        .contains("RevocationRequired", "ManualRevocationRequired", "Degraded", "AsExpected");
    assertThat(section(out, "Pending Revocations:"))
        .contains("2025-07-01", "Emergency", "AwaitingManualRevocation")
        .contains("2025-04-01", "Rotated", "Scheduled", "2026-01-11T09:02:05Z (9d ago)")
        .contains("Revoke the AwaitingManualRevocation tokens in the provider console");
    String history = section(out, "History (newest first, last 10):");
    assertThat(history).contains("4f7c1c2e-uid-r11", "4f7c1c2e-uid-r2", "2m5s", "61s");
    assertThat(history).doesNotContain("4f7c1c2e-uid-r1 ");
    assertThat(section(out, "Last Emergency Rotation:"))
        .contains("INC-1234 token in CI log", "alice@example.com")
        .contains("2025-07-01 (fingerprint 1111aaaa2222bbbb3333cccc4444dddd)")
        .contains("AwaitingManualRevocation", "Completed");
    assertThat(out).contains("Rotation In Progress:  <none>", "Rotation Request:  <none>");
  }

  @Test
  void describeWithoutStatusSaysSo() {
    var r = Cli.run(client, "describe", "fresh", "-n", "finops");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Unknown (no status yet: is the operator running?)")
        .contains("Current Token:  <none>", "Conditions:  <none>", "History:  <none>");
  }

  @Test
  void describeShowsTheRotationInProgress() {
    var r = Cli.run(client, "describe", "rotating", "-n", "other");
    assertThat(section(r.out(), "Rotation In Progress:"))
        .contains("uid-r4", "Emergency", "AwaitingRollout");
  }

  @Test
  void describeShowsTheStandingFailureWithReasonAndMessageApart() {
    var r = Cli.run(client, "describe", "rotating", "-n", "other");
    assertThat(r.out())
        .contains(
            "Last Failure:",
            "RolloutStalled: Deployment api has not rolled out at 2026-01-20T08:01:00Z",
            "3 consecutive failed attempt(s)",
            "next attempt 2026-01-20T08:05:00Z");
  }

  @Test
  void describeAsYamlAndJson() throws Exception {
    var yaml = Cli.run(client, "describe", "finfocus-vantage", "-n", "finops", "-o", "yaml");
    assertThat(yaml.code()).isZero();
    assertThat(yaml.out()).contains("kind: \"CostCredential\"", "poolRemaining: 2");
    var json = Cli.run(client, "describe", "finfocus-vantage", "-n", "finops", "-o", "JSON");
    JsonNode n = new ObjectMapper().readTree(json.out());
    assertThat(n.at("/status/history")).hasSize(11);
  }

  @Test
  void writesSamplesForPeopleToRead() throws Exception {
    // target/samples/*.txt: what the commands print, for review and for docs/kubectl-plugin.md.
    Path dir = Path.of("target/samples");
    Files.createDirectories(dir);
    var list = Cli.run(client, "list", "-A");
    var describe = Cli.run(client, "describe", "finfocus-vantage", "-n", "finops");
    Files.writeString(dir.resolve("list.txt"), list.out());
    Files.writeString(dir.resolve("describe.txt"), describe.out());
    assertThat(list.code() + describe.code()).isZero();
  }

  @Test
  void describeOfAMissingCredentialIsAnApiError() {
    var r = Cli.run(client, "describe", "nope", "-n", "finops");
    assertThat(r.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(r.err()).contains("costcredential \"nope\" not found in namespace \"finops\"");
    assertThat(r.out()).isEmpty();
  }

  static List<String> words(String line) {
    return Arrays.asList(line.trim().split("\\s+"));
  }

  /** The lines of a describe section: its title line up to the next unindented line. */
  static String section(String out, String title) {
    List<String> lines = out.lines().toList();
    int start = lines.indexOf(title);
    assertThat(start).as("section " + title + " in\n" + out).isNotNegative();
    StringBuilder b = new StringBuilder();
    for (int i = start + 1; i < lines.size() && lines.get(i).startsWith(" "); i++) {
      b.append(lines.get(i)).append('\n');
    }
    return b.toString();
  }
}
