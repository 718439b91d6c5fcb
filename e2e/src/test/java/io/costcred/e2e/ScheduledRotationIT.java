package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Fingerprints;
import io.costcred.e2e.support.Maps;
import io.costcred.e2e.support.Workload;
import io.costcred.testsupport.OperatorProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The seed scenario end to end, with the operator as its own process under the chart's
 * ServiceAccount: the initial rotation, then a scheduled one, whose new ReplicaSet is Ready before
 * the old token is flagged for revocation; the admin revokes it and the operator verifies that.
 */
class ScheduledRotationIT {
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(10);

  private E2eEnv env;
  private List<String> tokens;
  private Fingerprints fp;

  @Test
  void initialAndScheduledRotationsRestartConsumersBeforeTheOldTokenIsRevoked() throws Exception {
    try (E2eEnv e = E2eEnv.create("scheduled-rotation")) {
      env = e;
      operatorIdentityIsTheChartServiceAccount(env);
      tokens = List.of(env.issue("t1"), env.issue("t2"), env.issue("t3"), env.issue("t4"));
      env.consumers(null);
      env.pool(tokens);
      env.credential(
          spec -> {
            Map<String, Object> rotation = Maps.at(spec, "rotation");
            rotation.put("interval", INTERVAL.toSeconds() + "s");
            rotation.put("gracePeriod", GRACE.toSeconds() + "s");
            rotation.remove("maintenanceWindows"); // scheduled rotations may start at any time
            Maps.at(spec, "provider", "vantage").put("revocationCheckInterval", "2s");
          },
          Map.of());
      OperatorProcess op = env.startOperator("op-" + Long.toString(System.nanoTime(), 36), null);
      env.await("health endpoint on 127.0.0.1 ready", Duration.ofSeconds(60), op::ready);

      long generation = initialRotation();
      Cr second = scheduledRotation(generation);
      Instant podsReady = newReplicaSetReady(second);
      revocationAfterGracePeriod(second, podsReady);
      env.assertNoLeaks();
    }
  }

  /** The first pool token, published and rolled out; returns the Deployment's generation. */
  private long initialRotation() {
    Cr first = env.awaitCr("initial rotation", Duration.ofSeconds(90), c -> done(c, 1));
    fp = env.fingerprints();
    assertThat(first.history().get(0).path("trigger").asText()).isEqualTo("Initial");
    assertThat(first.currentFingerprint()).isEqualTo(fp.ofToken(tokens.get(0)));
    assertThat(served()).isEqualTo(first.currentFingerprint());
    assertThat(env.deployment.templateFingerprint()).isEqualTo(first.currentFingerprint());
    assertThat(env.admin.leases().inNamespace(env.operatorNamespace).list().getItems())
        .singleElement()
        .satisfies(l -> assertThat(l.getSpec().getHolderIdentity()).startsWith("op-"));
    return env.deployment.generation();
  }

  /** One interval later: the second pool token; the first waits out the grace period. */
  private Cr scheduledRotation(long generation) {
    Cr second =
        env.awaitCr("scheduled rotation", INTERVAL.plus(Duration.ofSeconds(60)), c -> done(c, 2));
    env.patchSpec(Map.of("rotation", Map.of("interval", "24h"))); // no third one meanwhile
    assertThat(second.history().get(0).path("trigger").asText()).isEqualTo("Scheduled");
    assertThat(second.currentFingerprint()).isEqualTo(fp.ofToken(tokens.get(1)));
    assertThat(served()).isEqualTo(second.currentFingerprint());
    assertThat(env.deployment.generation())
        .as("one restart for the rotation")
        .isEqualTo(generation + 1);
    assertThat(second.pendingRevocations()).hasSize(1);
    JsonNode queued = second.pendingRevocations().get(0);
    assertThat(queued.at("/token/fingerprint").asText()).isEqualTo(fp.ofToken(tokens.get(0)));
    assertThat(queued.path("state").asText()).isEqualTo("Scheduled");
    Instant completed = second.time("/status/lastRotationTime");
    assertThat(Instant.parse(queued.path("deadline").asText())).isEqualTo(completed.plus(GRACE));
    Instant previous = Instant.parse(second.history().get(1).path("completedAt").asText());
    assertThat(Instant.parse(second.history().get(0).path("startedAt").asText()))
        .as("scheduled one interval after the initial rotation")
        .isAfterOrEqualTo(previous.plus(INTERVAL));
    return second;
  }

  /** All pods of the new ReplicaSet Ready, the old one scaled to zero; returns when Ready. */
  private Instant newReplicaSetReady(Cr second) {
    ReplicaSet rs = env.deployment.replicaSetFor(second.currentFingerprint()).orElseThrow();
    env.await("new ReplicaSet ready", Duration.ofSeconds(30), () -> readyPods(rs) == 2);
    for (ReplicaSet old : env.deployment.replicaSets()) {
      if (!old.getMetadata().getUid().equals(rs.getMetadata().getUid())) {
        assertThat(old.getSpec().getReplicas()).as("old ReplicaSet scaled down").isZero();
      }
    }
    assertThat(env.vantage.isRevoked(tokens.get(0))).isFalse();
    return env.deployment.pods(rs).stream()
        .map(Workload::readySince)
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .orElseThrow();
  }

  /**
   * After the grace period the old token still authenticates, so the operator asks an admin; the
   * admin revokes it in the Vantage console and the operator confirms the 401.
   */
  private void revocationAfterGracePeriod(Cr second, Instant podsReady) {
    Cr flagged =
        env.awaitCr(
            "RevocationRequired",
            Duration.ofSeconds(60),
            c -> "True".equals(c.conditionStatus("RevocationRequired")));
    Instant flaggedAt = flagged.conditionSince("RevocationRequired");
    JsonNode awaiting = flagged.pendingRevocations().get(0);
    assertThat(awaiting.path("state").asText()).isEqualTo("AwaitingManualRevocation");
    assertThat(Instant.parse(awaiting.path("requiredSince").asText())).isEqualTo(flaggedAt);
    Instant completed = second.time("/status/lastRotationTime");
    assertThat(podsReady)
        .as("rotation completed (grace period started) only after every new pod was Ready")
        .isBeforeOrEqualTo(completed);
    assertThat(podsReady)
        .as("new pods Ready before the old token was flagged")
        .isBeforeOrEqualTo(flaggedAt);
    assertThat(flaggedAt).as("flagged after the grace").isAfterOrEqualTo(completed.plus(GRACE));
    assertThat(flagged.condition("RevocationRequired").orElseThrow().path("message").asText())
        .contains(fp.ofToken(tokens.get(0)));

    env.vantage.revoke(tokens.get(0));
    Cr verified =
        env.awaitCr(
            "revocation verified",
            Duration.ofSeconds(30),
            c ->
                c.pendingRevocations().isEmpty()
                    && "False".equals(c.conditionStatus("RevocationRequired")));
    assertThat(verified.revision()).isEqualTo(2);
    // Write-ahead order: the status records the verified revocation, then the retired value
    // leaves the ledger (a crash in between only repeats the drop).
    env.await(
        "retired token dropped from the ledger",
        Duration.ofSeconds(15),
        () -> env.secretData(E2eEnv.LEDGER).keySet().equals(java.util.Set.of("current.token")));
    assertThat(env.vantage.isRevoked(tokens.get(1))).isFalse();
    assertThat(env.eventReasons())
        .contains("RotationStarted", "RevocationRequired", "RevocationVerified")
        .filteredOn("RotationCompleted"::equals)
        .hasSize(2);
  }

  private String served() {
    return fp.ofToken(env.secretData(E2eEnv.NAME).get("token"));
  }

  /** The kubeconfig written for the operator authenticates as the chart's least-privilege SA. */
  private static void operatorIdentityIsTheChartServiceAccount(E2eEnv env) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(env.kubeconfig()));
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(asOperator.apps().deployments().inNamespace(env.namespace).list().getItems())
          .isEmpty();
      // The chart's role may watch Secrets (reference watches), never touch RBAC.
      assertThatThrownBy(() -> asOperator.rbac().clusterRoles().list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains(
                        "system:serviceaccount:"
                            + env.operatorNamespace
                            + ":"
                            + env.chart().serviceAccount());
              });
    }
  }

  private static boolean done(Cr c, long revision) {
    return c.revision() == revision && !c.rotating();
  }

  private long readyPods(ReplicaSet rs) {
    List<Pod> pods = env.deployment.pods(rs);
    return pods.stream().filter(p -> Workload.readySince(p) != null).count();
  }
}
