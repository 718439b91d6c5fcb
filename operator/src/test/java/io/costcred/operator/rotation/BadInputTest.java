package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every user mistake ends in a specific reason and an Event, with bounded retries. */
@EnableKubernetesMockClient(crud = true)
class BadInputTest {
  static KubernetesClient client;
  private Harness h;
  private RotationEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "bad-" + System.nanoTime(), PatchMode.JSON_MERGE);
    h.installCrd();
    engine = h.engine(StepHook.NONE);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private String spec(String pool, String extra) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: c}
        spec:
          provider:
            vantage: {apiBaseUrl: "%s", tokenPool: {name: %s}}
          stores: [{kubernetesSecret: {name: out}}]
        %s
        """
        .formatted(h.vantage.baseUrl(), pool, extra);
  }

  private CostCredentialStatus reconcile() {
    engine.reconcile(h.get("c"));
    return h.get("c").getStatus();
  }

  @Test
  void missingPoolSecretIsReportedAndRetriedWithBackoff() {
    h.apply(spec("nope", ""));
    Duration first = engine.reconcile(h.get("c"));
    CostCredentialStatus st = h.get("c").getStatus();
    assertThat(Conditions.hasReason(st, Reasons.READY, Reasons.SECRET_NOT_FOUND)).isTrue();
    assertThat(h.events.has(Reasons.SECRET_NOT_FOUND)).isTrue();
    assertThat(first).isPositive();
    h.pool("nope", Map.of("k", h.issue("late")));
    h.clock.advance(first);
    st = reconcile();
    assertThat(st.getCurrentToken()).isNotNull(); // fixed by the admin: it recovers
  }

  @Test
  void emptyPoolBlocksRotationWithPoolEmpty() {
    h.pool("pool", Map.of());
    h.apply(spec("pool", ""));
    CostCredentialStatus st = reconcile();
    assertThat(Conditions.hasReason(st, Reasons.READY, Reasons.POOL_EMPTY)).isTrue();
    assertThat(Conditions.isTrue(st, Reasons.DEGRADED)).isTrue();
    assertThat(h.events.has(Reasons.POOL_EMPTY)).isTrue();
    assertThat(h.secretData("out")).isEmpty();
  }

  @Test
  void malformedPoolTokensAreRefusedByKeyNeverByValue() {
    String good = h.issue("good");
    String inner = "vntg_tkn_abc def";
    String wrongPrefix = "notvantage_0000";
    h.pool(
        "pool",
        Map.of(
            "1-inner",
            inner,
            "2-prefix",
            wrongPrefix,
            "3-newline",
            "vntg_tkn_a\nb",
            "4-good",
            "  " + good + "\n"));
    h.apply(spec("pool", ""));
    CostCredentialStatus st = reconcile();
    assertThat(h.secretValue("out", "token")).isEqualTo(good); // trimmed
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.POOL_TOKEN_MALFORMED)).isTrue();
    assertThat(Conditions.get(st, Reasons.DEGRADED).orElseThrow().getMessage())
        .contains("1-inner", "2-prefix", "3-newline");
    List<String> secrets = List.of(good, inner, wrongPrefix, "vntg_tkn_a\nb");
    LeakScan.assertNoSecrets("status", Serialization.asJson(st), secrets);
    LeakScan.assertNoSecrets(
        "events", h.events.events.stream().map(Object::toString).toList(), secrets);
  }

  @Test
  void tokenWithoutRequiredScopeIsRejectedAndQueuedForRevocation() {
    String readOnly = h.issue("read-only");
    String writer = h.vantage.issueToken("writer", java.util.Set.of("read", "write"));
    h.pool("pool", Map.of("1", readOnly, "2", writer));
    h.apply(
        spec("pool", "")
            .replace(
                "tokenPool: {name: pool}",
                "tokenPool: {name: pool}, requiredScopes: [read, write]"));
    CostCredentialStatus st = reconcile();
    assertThat(h.events.has(Reasons.TOKEN_REJECTED)).isTrue();
    assertThat(st.getPendingRevocations())
        .singleElement()
        .satisfies(p -> assertThat(p.getReason()).isEqualTo(RevocationReason.Rejected));
    h.clock.advance(Duration.ofMinutes(1));
    st = reconcile();
    assertThat(h.secretValue("out", "token")).isEqualTo(writer);
    assertThat(st.getCurrentToken().getScopes()).contains("write");
  }

  @Test
  void unknownRestartTargetIsReported() {
    h.pool("pool", Map.of("1", h.issue("t")));
    h.apply(spec("pool", "  restartTargets: [{kind: Deployment, name: ghost}]"));
    CostCredentialStatus st = reconcile();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.RESTART_TARGET_NOT_FOUND))
        .isTrue();
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.Restarting);
    assertThat(h.events.has(Reasons.RESTART_TARGET_NOT_FOUND)).isTrue();
  }

  @Test
  void providerOutageIsTransientAndRecovers() {
    h.pool("pool", Map.of("1", h.issue("t"), "2", h.issue("u"), "3", h.issue("v")));
    h.apply(spec("pool", ""));
    h.vantage.failNext(1, 503);
    CostCredentialStatus st = reconcile();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.PROVIDER_UNAVAILABLE)).isTrue();
    assertThat(st.getLastFailure().getAttempts()).isEqualTo(1);
    h.clock.advance(Duration.ofSeconds(31));
    st = reconcile();
    assertThat(st.getCurrentToken()).isNotNull();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.AS_EXPECTED)).isTrue();
  }

  @Test
  void invalidValueThatSlippedPastTheSchemaIsInvalidSpec() {
    h.pool("pool", Map.of("1", h.issue("t")));
    h.apply(spec("pool", "  rotation: {interval: 1h, gracePeriod: 2h}"));
    CostCredentialStatus st = reconcile();
    assertThat(Conditions.hasReason(st, Reasons.READY, Reasons.INVALID_SPEC)).isTrue();
    assertThat(st.getCurrentToken()).isNull();
    assertThat(h.secretData("pool")).containsKey("1"); // nothing taken
    h.client
        .resources(io.costcred.operator.api.v1alpha1.CostCredential.class)
        .inNamespace(h.namespace)
        .withName("c")
        .edit(
            c -> {
              c.getSpec().getRotation().setGracePeriod("30m");
              return c;
            });
    st = reconcile();
    assertThat(st.getCurrentToken()).isNotNull();
    assertThat(Conditions.isTrue(st, Reasons.READY)).isTrue();
    assertThat(st.getLastFailure()).isNull(); // the fix cleared the failure
  }
}
