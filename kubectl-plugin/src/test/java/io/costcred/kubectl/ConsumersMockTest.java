package io.costcred.kubectl;

import static io.costcred.kubectl.ListDescribeMockTest.section;
import static io.costcred.kubectl.ListDescribeMockTest.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code consumers}, the consumer parts of {@code describe}, and {@code acknowledge-hold}. */
@EnableKubernetesMockClient(crud = true)
class ConsumersMockTest {
  static final String NS = "finops";
  static KubernetesMockServer server;
  static KubernetesClient client;

  @BeforeAll
  static void seed() {
    Fixtures.installCrd(client);
    Fixtures.authenticatedAs(server, "alice@example.com");
    Fixtures.create(client, NS, "consumed");
    Fixtures.status(client, NS, "consumed", Fixtures.resource("status-consumers.json"));
    Fixtures.create(client, NS, "fresh");
  }

  /** A CostCredential with the consumers fixture, under its own name. */
  static void held(String name) {
    Fixtures.create(client, NS, name);
    Fixtures.status(client, NS, name, Fixtures.resource("status-consumers.json"));
  }

  @Test
  void consumersPrintsTheTableTheFooterAndTheHeldRevocation() {
    var r = Cli.run(client, "consumers", "consumed", "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    var lines = r.out().lines().toList();
    assertThat(words(lines.get(0))).startsWith("KIND", "NAME", "RESTART", "READS");
    assertThat(words(lines.get(2)))
        .containsExactly(
            "Rollout",
            "web",
            "Discovered",
            "Env,SubPath",
            "4",
            "1",
            "3",
            "web-6f9c7-a1,web-6f9c7-b2,web-6f9c7-c3");
    assertThat(r.out())
        .contains("3 more consumer(s) not listed")
        .contains("Revocation of token 2025-10-01 held since 2026-01-20T09:00:05Z (2m ago): Pod")
        .contains("To revoke anyway: kubectl costcred acknowledge-hold consumed -n finops")
        .doesNotContain("2025-07-01");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void consumersAsJsonAndYamlPrintTheConsumersSection() throws Exception {
    var json = Cli.run(client, "consumers", "consumed", "-n", NS, "-o", "json");
    assertThat(json.code()).as(json.toString()).isZero();
    JsonNode n = new ObjectMapper().readTree(json.out());
    assertThat(n.path("name").asText()).isEqualTo("consumed");
    assertThat(n.path("consumers")).hasSize(6);
    assertThat(n.at("/consumers/0/restart").asText()).isEqualTo("Target");
    assertThat(n.path("consumersOmitted").asInt()).isEqualTo(3);
    assertThat(n.at("/heldRevocations/0/heldBy").asText()).startsWith("Pod debug-shell");
    assertThat(n.has("currentToken")).isFalse();
    var yaml = Cli.run(client, "consumers", "consumed", "-n", NS, "-o", "yaml");
    assertThat(yaml.code()).as(yaml.toString()).isZero();
    assertThat(yaml.out()).contains("consumersOmitted: 3", "heldRevocations:", "name: \"web\"");
  }

  @Test
  void consumersOfAMissingCredentialIsAnApiErrorAndWithoutStatusSaysSo() {
    var missing = Cli.run(client, "consumers", "nope", "-n", NS);
    assertThat(missing.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(missing.err()).contains("costcredential \"nope\" not found in namespace \"finops\"");
    assertThat(missing.out()).isEmpty();
    var fresh = Cli.run(client, "consumers", "fresh", "-n", NS);
    assertThat(fresh.code()).isZero();
    assertThat(fresh.out()).startsWith("No consumers in status");
  }

  @Test
  void describeShowsConsumersAndWhyARevocationIsHeld() {
    var r = Cli.run(client, "describe", "consumed", "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(section(r.out(), "Pending Revocations:"))
        .contains("2025-10-01", "Held")
        .contains("Revocation of token 2025-10-01 held since 2026-01-20T09:00:05Z")
        .contains("acknowledge-hold consumed -n finops");
    assertThat(section(r.out(), "Consumers:"))
        .contains("KIND", "OLD-PODS", "debug-shell", "MountedFile")
        .contains("3 more consumer(s) not listed");
    assertThat(section(r.out(), "Conditions:"))
        .contains("UnlistedConsumers", "ConsumersNotRestarted")
        .contains("RevocationHeld", "OldCredentialInUse");
    assertThat(Cli.run(client, "describe", "fresh", "-n", NS).out()).contains("Consumers:  <none>");
  }

  @Test
  void acknowledgeHoldSetsTheHeldRotationIdAndWhoAsked() {
    held("ack-one");
    var r = Cli.run(client, "acknowledge-hold", "ack-one", "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    CredentialView v = Fixtures.read(client, NS, "ack-one");
    assertThat(v.annotation(Annotations.ACKNOWLEDGE_HOLD)).isEqualTo("7c0ffee0-uid-r5");
    assertThat(v.annotation(Annotations.REQUESTED_BY)).isEqualTo("alice@example.com");
    assertThat(r.out())
        .contains("Revocation hold acknowledged for costcredential finops/ack-one")
        .contains("costcred.io/acknowledge-revocation-hold=7c0ffee0-uid-r5")
        .contains("Token:", "2025-10-01", "Requested By:", "alice@example.com");
    // The status is untouched: it is the operator's.
    assertThat(v.status("pendingRevocations")).contains("Held");

    var again = Cli.run(client, "acknowledge-hold", "ack-one", "-n", NS);
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("already has", "nothing changed");
    var shown = Cli.run(client, "consumers", "ack-one", "-n", NS);
    assertThat(shown.out()).contains("[acknowledged:").doesNotContain("To revoke anyway");
  }

  @Test
  void acknowledgeHoldRefusesWhenNothingIsHeldUnlessARotationIsNamed() {
    Fixtures.create(client, NS, "not-held");
    Fixtures.status(
        client,
        NS,
        "not-held",
        """
        {"status":{"pendingRevocations":[{"token":{"id":"2025-07-01","rotationId":"uid-r4"},
          "reason":"Rotated","deadline":"2026-01-21T09:00:00Z","state":"Scheduled"}]}}
        """);
    var r = Cli.run(client, "acknowledge-hold", "not-held", "-n", NS);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err()).contains("is held: nothing to acknowledge", "--rotation");
    assertThat(Fixtures.read(client, NS, "not-held").annotation(Annotations.ACKNOWLEDGE_HOLD))
        .isNull();

    var named = Cli.run(client, "acknowledge-hold", "not-held", "-n", NS, "--rotation", "uid-r4");
    assertThat(named.code()).as(named.toString()).isZero();
    assertThat(named.err()).doesNotContain("note:");
    assertThat(named.out()).contains("State:", "Scheduled");
    assertThat(Fixtures.read(client, NS, "not-held").annotation(Annotations.ACKNOWLEDGE_HOLD))
        .isEqualTo("uid-r4");

    var unknown = Cli.run(client, "acknowledge-hold", "not-held", "-n", NS, "--rotation", "r9");
    assertThat(unknown.code()).as(unknown.toString()).isZero();
    assertThat(unknown.err()).contains("note: no pending revocation", "\"r9\"");
    assertThat(Fixtures.read(client, NS, "not-held").annotation(Annotations.ACKNOWLEDGE_HOLD))
        .isEqualTo("r9");
  }

  @Test
  void acknowledgeHoldWithSeveralHeldNeedsTheRotation() {
    Fixtures.create(client, NS, "two-held");
    Fixtures.status(
        client,
        NS,
        "two-held",
        """
        {"status":{"pendingRevocations":[
          {"token":{"id":"a","rotationId":"uid-r4"},"state":"Held"},
          {"token":{"id":"b","rotationId":"uid-r5"},"state":"Held"}]}}
        """);
    var r = Cli.run(client, "acknowledge-hold", "two-held", "-n", NS);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("2 revocations are held; choose one with --rotation")
        .contains("uid-r4 (token a)", "uid-r5 (token b)");
    assertThat(Fixtures.read(client, NS, "two-held").annotation(Annotations.ACKNOWLEDGE_HOLD))
        .isNull();
    var chosen = Cli.run(client, "acknowledge-hold", "two-held", "-n", NS, "--rotation", "uid-r5");
    assertThat(chosen.code()).as(chosen.toString()).isZero();
    assertThat(chosen.out()).contains("Token:", " b");
    assertThat(Fixtures.read(client, NS, "two-held").annotation(Annotations.ACKNOWLEDGE_HOLD))
        .isEqualTo("uid-r5");
  }

  @Test
  void acknowledgeHoldUsageAndMissingCredential() {
    var bad = Cli.run(client, "acknowledge-hold", "consumed", "-n", NS, "--rotation", "a\nb");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--rotation must be a rotation id or token id");
    var missing = Cli.run(client, "acknowledge-hold", "nope", "-n", NS);
    assertThat(missing.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(missing.err()).contains("not found");
    assertThat(Cli.run(client, "acknowledge-hold", "-n", NS).code()).isEqualTo(ExitCodes.USAGE);
  }
}
