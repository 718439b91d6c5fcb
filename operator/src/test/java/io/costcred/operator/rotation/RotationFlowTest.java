package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rotation flow of the seed scenario, step by step, on the fabric8 CRUD mock server. */
@EnableKubernetesMockClient(crud = true)
class RotationFlowTest {
  static KubernetesClient client;
  private Harness h;
  private Scenario s;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "finops-" + System.nanoTime(), PatchMode.JSON_MERGE);
    s = new Scenario(h);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void initialRotationTakesFirstPoolTokenAndPublishesIt() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(s.servedToken()).isEqualTo(s.first);
    assertThat(h.secretValue(Scenario.NAME, "cost_report_token")).isEqualTo("cr_abc123def456");
    assertThat(st.getCurrentToken().getId()).isEqualTo("01-first");
    assertThat(st.getCurrentToken().getDescription()).isEqualTo("finfocus-production-1");
    assertThat(st.getRevision()).isEqualTo(1);
    assertThat(st.getPoolRemaining()).isEqualTo(2);
    assertThat(h.secretData(Scenario.POOL)).containsOnlyKeys("02-second", "03-third");
    assertThat(Conditions.isTrue(st, Reasons.READY)).isTrue();
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.IDLE)).isTrue();
    assertThat(h.podTemplateFingerprint(Scenario.NAME))
        .isEqualTo(st.getCurrentToken().getFingerprint());
    assertThat(st.getNextRotationTime()).isNotNull();
  }

  @Test
  void scheduledRotationWaitsForWindowAndRevocationIsVerifiedAfterGrace() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.clock.advance(Duration.ofDays(90)); // Saturday 2027-02-20 03:00Z: outside Tue-Thu 09-17
    engine.reconcile(s.cr());
    assertThat(s.cr().getStatus().getRotation()).isNull();
    h.clock.advance(Duration.ofDays(3).plusHours(6)); // Tuesday 09:00Z
    s.settle(engine);
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(st.getHistory().get(0).getTrigger()).isEqualTo(RotationTrigger.Scheduled);
    assertThat(st.getPendingRevocations()).hasSize(1);
    assertThat(st.getPendingRevocations().get(0).getState()).isEqualTo(RevocationState.Scheduled);

    h.clock.advance(Duration.ofHours(24));
    engine.reconcile(s.cr());
    st = s.cr().getStatus();
    assertThat(st.getPendingRevocations().get(0).getState())
        .isEqualTo(RevocationState.AwaitingManualRevocation);
    assertThat(Conditions.isTrue(st, Reasons.REVOCATION_REQUIRED)).isTrue();
    assertThat(Conditions.get(st, Reasons.REVOCATION_REQUIRED).orElseThrow().getMessage())
        .contains(
            "finfocus-production-1", st.getPendingRevocations().get(0).getToken().getFingerprint());

    h.vantage.revoke(s.first); // the admin revokes it in the console
    h.clock.advance(Duration.ofMinutes(5));
    engine.reconcile(s.cr());
    st = s.cr().getStatus();
    assertThat(st.getPendingRevocations()).isEmpty();
    assertThat(Conditions.hasReason(st, Reasons.REVOCATION_REQUIRED, Reasons.NONE_OUTSTANDING))
        .isTrue();
    assertThat(s.ledgerKeys()).containsExactly("current.token");
    assertThat(h.events.has("RevocationVerified")).isTrue();
  }

  @Test
  void oldTokenIsNotRevokedWhileRolloutIsIncomplete() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.ROTATE, "2026-11-22-1");
    for (int i = 0; i < 5; i++) {
      engine.reconcile(s.cr()); // Deployment controller never finishes the rollout
    }
    h.clock.advance(Duration.ofDays(2)); // well past the 24h grace period
    engine.reconcile(s.cr());
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.AwaitingRollout);
    assertThat(st.getPendingRevocations()).isEmpty();
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.ROLLOUT_STALLED)).isTrue();
    assertThat(h.vantage.isRevoked(s.first)).isFalse();
    h.finishRollout(Scenario.NAME);
    engine.reconcile(s.cr());
    assertThat(s.cr().getStatus().getRotation()).isNull();
    assertThat(s.cr().getStatus().getPendingRevocations()).hasSize(1);
  }

  @Test
  void manualAnnotationValueIsActedOnOnce() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.ROTATE, "ticket-42");
    s.settle(engine);
    assertThat(s.cr().getStatus().getRevision()).isEqualTo(2);
    s.settle(engine); // the same value again (e.g. re-applied from Git)
    s.settle(engine);
    assertThat(s.cr().getStatus().getRevision()).isEqualTo(2);
    assertThat(s.cr().getStatus().getHandledRotateRequest()).isEqualTo("ticket-42");
  }

  @Test
  void emergencyFlagsCompromisedTokenBeforeTheRestart() {
    List<String> steps = new ArrayList<>();
    RotationEngine engine = h.engine(steps::add);
    s.settle(engine);
    String compromisedFp = s.cr().getStatus().getCurrentToken().getFingerprint();
    steps.clear();
    h.annotate(Scenario.NAME, Annotations.REQUESTED_BY, "oncall@example.com");
    h.annotate(Scenario.NAME, Annotations.EMERGENCY, "token pasted in a public channel");
    engine.reconcile(s.cr());
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(steps.indexOf("before:revokeCompromised"))
        .isPositive()
        .isLessThan(steps.indexOf("before:restart:" + Scenario.NAME));
    assertThat(steps.indexOf("before:publish:kubernetesSecret/" + Scenario.NAME))
        .isLessThan(steps.indexOf("before:revokeCompromised"));
    assertThat(Conditions.isTrue(st, Reasons.EMERGENCY_ROTATION)).isTrue();
    assertThat(Conditions.isTrue(st, Reasons.REVOCATION_REQUIRED)).isTrue();
    h.finishRollout(Scenario.NAME);
    engine.reconcile(s.cr());
    st = s.cr().getStatus();
    assertThat(st.getLastEmergencyRotation().getReason())
        .isEqualTo("token pasted in a public channel");
    assertThat(st.getLastEmergencyRotation().getRequestedBy()).isEqualTo("oncall@example.com");
    assertThat(st.getLastEmergencyRotation().getCompletedAt()).isNotNull();
    assertThat(st.getLastEmergencyRotation().getCompromisedToken().getFingerprint())
        .isEqualTo(compromisedFp);
    assertThat(Conditions.hasReason(st, Reasons.EMERGENCY_ROTATION, Reasons.COMPLETED)).isTrue();
    assertThat(h.events.events)
        .anyMatch(e -> e.warning() && e.reason().equals("EmergencyRotationStarted"));
    h.vantage.revoke(s.first);
    h.clock.advance(Duration.ofMinutes(5));
    engine.reconcile(s.cr());
    assertThat(s.cr().getStatus().getLastEmergencyRotation().getRevokedAt()).isNotNull();
    assertThat(s.cr().getStatus().getPendingRevocations()).isEmpty();
  }

  @Test
  void deletionPolicyDeleteRemovesOnlyOperatorKeysAndAsksForRevocation() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    var cr = s.cr();
    cr.getSpec().setDeletionPolicy(io.costcred.operator.api.v1alpha1.DeletionPolicy.Delete);
    engine.delete(cr);
    assertThat(h.secretData(Scenario.NAME)).containsOnlyKeys("cost_report_token");
    assertThat(h.events.events)
        .anyMatch(
            e ->
                e.warning()
                    && e.reason().equals("RevocationRequired")
                    && e.message().contains(cr.getStatus().getCurrentToken().getFingerprint()));
  }

  @Test
  void emergencyNotifiesTheWebhookFromItsSecret() throws Exception {
    var received = new java.util.concurrent.CopyOnWriteArrayList<String>();
    var server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          received.add(
              new String(
                  ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    try {
      h.client
          .secrets()
          .inNamespace(h.namespace)
          .resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("oncall-webhook")
                  .endMetadata()
                  .addToData(
                      "url",
                      Harness.b64("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"))
                  .build())
          .create();
      h.client
          .resources(io.costcred.operator.api.v1alpha1.CostCredential.class)
          .inNamespace(h.namespace)
          .withName(Scenario.NAME)
          .edit(
              c -> {
                var n = new io.costcred.operator.api.v1alpha1.NotificationSpec();
                n.setWebhookUrlSecretRef(
                    new io.costcred.operator.api.v1alpha1.SecretKeyRef("oncall-webhook", "url"));
                c.getSpec().setNotification(n);
                return c;
              });
      var app = new io.costcred.operator.runtime.WebhookNotifierAccess(h.client);
      RotationEngine engine = h.engine(StepHook.NONE, app.observer());
      s.settle(engine);
      h.annotate(Scenario.NAME, Annotations.EMERGENCY, "leaked");
      s.settle(engine);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> received.size() >= 3);
      assertThat(String.join("\n", received))
          .contains("\"text\"", "started", "revoked", "completed", Scenario.NAME);
      io.costcred.testsupport.LeakScan.assertNoSecrets(
          "webhook", received, java.util.List.of(s.first, s.second, s.third));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aTokenPutBackIntoThePoolIsNeverUsedAgain() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    // Someone (or a GitOps sync) puts the token in use back under a key that sorts first.
    h.pool(Scenario.POOL, java.util.Map.of("00-again", s.first, "02-second", s.second));
    h.annotate(Scenario.NAME, Annotations.ROTATE, "again");
    s.settle(engine);
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(s.cr().getStatus().getPoolRemaining()).isZero();
  }

  @Test
  void retainedStoreSecretHasNoOwnerReference() {
    s.settle(h.engine(StepHook.NONE));
    var ledger =
        h.client
            .secrets()
            .inNamespace(h.namespace)
            .withName(Scenario.NAME + "-costcred-tokens")
            .get();
    assertThat(ledger.getMetadata().getOwnerReferences()).hasSize(1);
    h.client.secrets().inNamespace(h.namespace).withName(Scenario.NAME).delete();
    h.annotate(Scenario.NAME, Annotations.ROTATE, "recreate");
    s.settle(h.engine(StepHook.NONE));
    var store = h.client.secrets().inNamespace(h.namespace).withName(Scenario.NAME).get();
    assertThat(store.getMetadata().getOwnerReferences()).isEmpty(); // deletionPolicy Retain
  }

  @Test
  void aStuckRotationDoesNotStopRevocations() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.ROTATE, "one");
    s.settle(engine); // second token current, first queued for revocation
    h.pool(Scenario.POOL, java.util.Map.of()); // pool emptied
    h.annotate(Scenario.NAME, Annotations.ROTATE, "two");
    h.clock.advance(Duration.ofHours(25));
    engine.reconcile(s.cr());
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.Obtaining);
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.POOL_EMPTY)).isTrue();
    assertThat(st.getPendingRevocations().get(0).getState())
        .isEqualTo(RevocationState.AwaitingManualRevocation);
  }
}
