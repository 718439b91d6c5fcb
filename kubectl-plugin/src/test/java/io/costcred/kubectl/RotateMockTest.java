package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RotateMockTest {
  static final String NS = "finops";
  static final String NAME = "finfocus-vantage";

  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void seed() {
    Fixtures.seedRich(client, NS, NAME);
  }

  void authenticatedAs(String user) {
    Fixtures.authenticatedAs(server, user);
  }

  @Test
  void emergencyRequestGoesToStatusOnlyWithAllFieldsAndTheServerSideIdentity() {
    authenticatedAs("alice@example.com");
    CredentialView before = Fixtures.read(client, NS, NAME);
    var r =
        Cli.run(
            client, "rotate", NAME, "-n", NS, "--emergency", "--reason", "INC-1 leak", "--no-wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Emergency rotation requested for costcredential finops/finfocus-vantage")
        .contains("Requested By:", "alice@example.com", "Reason:", "INC-1 leak");
    CredentialView after = Fixtures.read(client, NS, NAME);
    var req = after.requestedRotation().orElseThrow();
    assertThat(UUID.fromString(req.id())).isNotNull();
    assertThat(r.out()).contains(req.id());
    assertThat(req.emergency()).isTrue();
    assertThat(req.reason()).isEqualTo("INC-1 leak");
    assertThat(req.requestedBy()).isEqualTo("alice@example.com");
    assertThat(Instant.parse(req.requestedAt())).isEqualTo(Cli.NOW);
    // Nothing but status.requestedRotation changed.
    assertThat(after.generation()).isEqualTo(before.generation());
    assertThat(after.root().get("spec")).isEqualTo(before.root().get("spec"));
    assertThat(after.root().at("/metadata/annotations"))
        .isEqualTo(before.root().at("/metadata/annotations"));
    assertThat(after.currentToken()).isEqualTo(before.currentToken());
    assertThat(after.history()).hasSize(11);
  }

  @Test
  void emergencyNeedsAReasonAndTheReasonMustNotLookLikeAToken() {
    authenticatedAs("alice");
    var noReason = Cli.run(client, "rotate", NAME, "-n", NS, "--emergency", "--no-wait");
    assertThat(noReason.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noReason.err()).contains("--emergency requires --reason");
    var blank = Cli.run(client, "rotate", NAME, "-n", NS, "--emergency", "--reason", " ");
    assertThat(blank.code()).isEqualTo(ExitCodes.USAGE);
    var pasted =
        Cli.run(
            client, "rotate", NAME, "-n", NS, "--reason", "leaked vntg_tkn_AbCdEf0123456789xyz");
    assertThat(pasted.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(pasted.err()).contains("looks like it contains a token").doesNotContain("vntg_tkn_");
    assertThat(Fixtures.read(client, NS, NAME).requestedRotation()).isEmpty();
  }

  @Test
  void aManualRequestClearsTheFieldsOfAnEarlierHandledRequest() {
    authenticatedAs("bob");
    Fixtures.status(
        client,
        NS,
        NAME,
        """
        {"status":{"handledStatusRequest":"old","requestedRotation":
          {"id":"old","emergency":true,"reason":"old reason","requestedBy":"x","requestedAt":"2025-01-01T00:00:00Z"}}}
        """);
    var r = Cli.run(client, "rotate", NAME, "-n", NS, "--no-wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Rotation requested for costcredential finops/finfocus-vantage");
    var req = Fixtures.read(client, NS, NAME).requestedRotation().orElseThrow();
    assertThat(req.id()).isNotEqualTo("old");
    assertThat(req.emergency()).isFalse();
    assertThat(req.reason()).isNull();
    assertThat(req.requestedBy()).isEqualTo("bob");
  }

  @Test
  void aPendingRequestIsFollowedRatherThanQueuedTwiceButAnEmergencyReplacesAManualOne() {
    authenticatedAs("carol");
    pending("manual-1", false);
    var manual = Cli.run(client, "rotate", NAME, "-n", NS, "--no-wait");
    assertThat(manual.code()).isZero();
    assertThat(manual.err()).contains("already pending", "manual-1");
    assertThat(Fixtures.read(client, NS, NAME).requestedRotation().orElseThrow().id())
        .isEqualTo("manual-1");

    var emergency =
        Cli.run(client, "rotate", NAME, "-n", NS, "--emergency", "--reason", "INC-2", "--no-wait");
    assertThat(emergency.code()).isZero();
    assertThat(emergency.err()).contains("replacing the pending manual request manual-1");
    var req = Fixtures.read(client, NS, NAME).requestedRotation().orElseThrow();
    assertThat(req.emergency()).isTrue();
    assertThat(req.id()).isNotEqualTo("manual-1");

    var manualAgain = Cli.run(client, "rotate", NAME, "-n", NS, "--no-wait");
    assertThat(manualAgain.err()).contains("an emergency rotation request (" + req.id());
    assertThat(Fixtures.read(client, NS, NAME).requestedRotation().orElseThrow().id())
        .isEqualTo(req.id());
  }

  @Test
  void forbiddenPatchNamesTheEmergencyRotatorRole() {
    authenticatedAs("system:serviceaccount:finops:nobody");
    server
        .expect()
        .patch()
        .withPath(
            "/apis/costcred.io/v1alpha1/namespaces/finops/costcredentials/" + NAME + "/status")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(
                    "costcredentials.costcred.io \"finfocus-vantage\" is forbidden: User"
                        + " \"system:serviceaccount:finops:nobody\" cannot patch resource"
                        + " \"costcredentials/status\"")
                .build())
        .always();
    var r = Cli.run(client, "rotate", NAME, "-n", NS, "--emergency", "--reason", "x", "--no-wait");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(r.err())
        .contains("Error from server (Forbidden)")
        .contains("cannot patch resource \"costcredentials/status\"")
        .contains("ClusterRole costcred-emergency-rotator")
        .contains("kubectl create rolebinding costcred-emergency-rotator-<you> -n finops");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownIdentityIsRecordedAsUnverified() {
    // No expectation: the CRUD mock echoes the review without a status.
    var r = Cli.run(client, "rotate", NAME, "-n", NS, "--no-wait");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("did not say who you are");
    assertThat(Fixtures.read(client, NS, NAME).requestedRotation().orElseThrow().requestedBy())
        .startsWith("unverified:");
  }

  @Test
  void rotatingAMissingCredentialIsAnApiError() {
    authenticatedAs("alice");
    var r = Cli.run(client, "rotate", "nope", "-n", NS, "--no-wait");
    assertThat(r.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(r.err()).contains("costcredential \"nope\" not found");
  }

  private void pending(String id, boolean emergency) {
    Fixtures.status(
        client,
        NS,
        NAME,
        "{\"status\":{\"requestedRotation\":{\"id\":\""
            + id
            + "\",\"emergency\":"
            + emergency
            + ",\"requestedBy\":\"someone\"}}}");
  }
}
