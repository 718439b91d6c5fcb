package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code rotate} without --no-wait, against a stand-in for the operator that writes status. */
@EnableKubernetesMockClient(crud = true)
class RotateWaitMockTest {
  static final String NS = "finops";
  static final String NAME = "finfocus-vantage";

  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void seed() {
    Fixtures.seedRich(client, NS, NAME);
    Fixtures.authenticatedAs(server, "oncall");
  }

  @Test
  void followsThePhasesUntilTheRotationCompletesAndPrintsTheRevocationStep() throws Exception {
    CompletableFuture<Void> operator =
        CompletableFuture.runAsync(
            () -> {
              String id = awaitOpenRequest();
              write(
                  "{\"status\":{\"handledStatusRequest\":\""
                      + id
                      + "\",\"rotation\":{\"id\":\"4f7c1c2e-uid-r12\",\"trigger\":\"Emergency\","
                      + "\"phase\":\"Obtaining\"},\"conditions\":[{\"type\":\"Degraded\","
                      + "\"status\":\"True\",\"reason\":\"PoolLow\",\"message\":\"1 usable token"
                      + " left\"}]}}");
              pause();
              write("{\"status\":{\"rotation\":{\"phase\":\"Publishing\"}}}");
              pause();
              write("{\"status\":{\"rotation\":{\"phase\":\"RevokingCompromised\"}}}");
              pause();
              write(
                  "{\"status\":{\"rotation\":null,\"revision\":12,\"currentToken\":{\"id\":"
                      + "\"2025-12-01\",\"fingerprint\":\"abcd\"},\"conditions\":[{\"type\":"
                      + "\"RevocationRequired\",\"status\":\"True\",\"reason\":"
                      + "\"ManualRevocationRequired\",\"message\":\"revoke token 2025-10-01 in"
                      + " the provider console\"},{\"type\":\"Degraded\",\"status\":\"False\","
                      + "\"reason\":\"AsExpected\"}]}}");
            });
    var r =
        Cli.run(
            client,
            "rotate",
            NAME,
            "-n",
            NS,
            "--emergency",
            "--reason",
            "INC-9",
            "--timeout",
            "30s",
            "--poll-interval",
            "20ms");
    operator.get(5, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsSubsequence(
            "Emergency rotation requested",
            "waiting for the operator",
            "accepted: Emergency rotation 4f7c1c2e-uid-r12",
            "phase Obtaining",
            "Degraded PoolLow: 1 usable token left",
            "phase Publishing",
            "phase RevokingCompromised",
            "completed: revision 12, current token 2025-12-01 (fingerprint abcd)",
            "next step: revoke token 2025-10-01 in the provider console");
  }

  @Test
  void theWatchShowsPhasesShorterThanThePollInterval() throws Exception {
    CompletableFuture<Void> operator =
        CompletableFuture.runAsync(
            () -> {
              String id = awaitOpenRequest();
              write(
                  "{\"status\":{\"handledStatusRequest\":\""
                      + id
                      + "\",\"rotation\":{\"id\":\"u-r12\",\"trigger\":\"Manual\","
                      + "\"phase\":\"Obtaining\"}}}");
              write("{\"status\":{\"rotation\":{\"phase\":\"Verifying\"}}}");
              write("{\"status\":{\"rotation\":{\"phase\":\"Publishing\"}}}");
              write("{\"status\":{\"rotation\":null,\"revision\":12}}");
            });
    long start = System.nanoTime();
    var r = Cli.run(client, "rotate", NAME, "-n", NS, "--poll-interval", "10s");
    operator.get(5, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsSubsequence(
            "accepted: Manual rotation u-r12",
            "phase Obtaining",
            "phase Verifying",
            "phase Publishing",
            "completed: revision 12");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(9);
  }

  @Test
  void aRotationThatCompletedBetweenTwoPollsStillCounts() throws Exception {
    CompletableFuture<Void> operator =
        CompletableFuture.runAsync(
            () -> {
              String id = awaitOpenRequest();
              write("{\"status\":{\"handledStatusRequest\":\"" + id + "\",\"revision\":12}}");
            });
    var r = Cli.run(client, "rotate", NAME, "-n", NS, "--poll-interval", "300ms");
    operator.get(5, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("completed: revision 12");
  }

  @Test
  void timesOutWithExitOneWhenNoOperatorActs() {
    var r =
        Cli.run(client, "rotate", NAME, "-n", NS, "--timeout", "300ms", "--poll-interval", "50ms");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err())
        .contains("timed out after 0s: the operator has not acted on request")
        .contains("kubectl costcred describe finfocus-vantage -n finops");
  }

  @Test
  void aRequestReplacedByAnotherClientEndsTheWait() throws Exception {
    CompletableFuture<Void> other =
        CompletableFuture.runAsync(
            () -> {
              awaitOpenRequest();
              write(
                  "{\"status\":{\"requestedRotation\":{\"id\":\"someone-else\","
                      + "\"emergency\":true,\"requestedBy\":\"dave\"}}}");
            });
    var r =
        Cli.run(client, "rotate", NAME, "-n", NS, "--timeout", "10s", "--poll-interval", "20ms");
    other.get(5, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err())
        .contains("was replaced before the operator acted on it (now someone-else by dave)");
  }

  private String awaitOpenRequest() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      var open = Fixtures.read(client, NS, NAME).openRequest();
      if (open.isPresent()) {
        return open.get().id();
      }
      pause();
    }
    throw new AssertionError("no request was written");
  }

  private void write(String statusPatch) {
    Fixtures.replaceStatus(client, NS, NAME, statusPatch);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
