package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.vantage.RateBudget;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared Vantage budget seen from the state machine: waiting for it is not a failure, an
 * emergency is admitted when rotations are held back, and re-verification that finds the budget
 * spent does not come back every second.
 */
@EnableKubernetesMockClient(crud = true)
class RateBudgetFlowTest {
  static KubernetesClient client;
  private Harness h;
  private Scenario s;
  private RateBudget budget;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "finops-" + System.nanoTime(), PatchMode.JSON_MERGE);
    h.budgets = new RateBudgets(h.clock, 100); // 5 kept for emergencies, 50 for background
    s = new Scenario(h);
    budget = h.budgets.forNamespace(h.vantage.baseUrl().toString(), h.namespace);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private void spendAllButTheEmergencyReserve() {
    while (budget.tryAcquire(CallPriority.ROTATION).isEmpty()) {
      // the cost tools or other credentials used the account's budget
    }
    assertThat(budget.used()).isEqualTo(95);
  }

  @Test
  void aRotationWaitingForTheBudgetIsNotAFailure() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    spendAllButTheEmergencyReserve();
    int sent = h.vantage.requestCount();
    h.annotate(Scenario.NAME, Annotations.ROTATE, "rotate-1");

    Duration requeue = engine.reconcile(s.cr());
    Duration again = engine.reconcile(s.cr());

    CostCredentialStatus st = s.cr().getStatus();
    assertThat(h.vantage.requestCount()).as("nothing sent to Vantage").isEqualTo(sent);
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.Verifying);
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.WAITING_FOR_RATE_BUDGET))
        .isTrue();
    assertThat(Conditions.get(st, Reasons.DEGRADED).orElseThrow().getReason())
        .isNotEqualTo(Reasons.RATE_LIMITED);
    assertThat(st.getLastFailure()).isNull();
    assertThat(Conditions.isTrue(st, Reasons.READY)).as("the current token still works").isTrue();
    assertThat(st.getLastFailure()).isNull();
    assertThat(h.events.events.stream().filter(e -> e.reason().equals("WaitingForRateBudget")))
        .as("told once, not at every retry")
        .hasSize(1)
        .allMatch(e -> !e.warning());
    assertThat(requeue).isGreaterThan(Duration.ofMinutes(50));
    assertThat(again).isGreaterThan(Duration.ofMinutes(50));

    h.clock.advance(Duration.ofMinutes(61)); // the window slides: the rotation goes on
    s.settle(engine);
    st = s.cr().getStatus();
    assertThat(st.getRotation()).isNull();
    assertThat(st.getRevision()).isEqualTo(2);
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.IDLE)).isTrue();
  }

  @Test
  void anEmergencyUsesTheReserveThatRotationsLeave() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    String compromised = s.servedToken();
    spendAllButTheEmergencyReserve();
    h.annotate(Scenario.NAME, Annotations.ROTATE, "rotate-1");
    engine.reconcile(s.cr());
    assertThat(s.cr().getStatus().getRotation().getPhase()).isEqualTo(RotationPhase.Verifying);

    h.annotate(Scenario.NAME, Annotations.EMERGENCY, "token pasted in a public channel");
    engine.reconcile(s.cr());

    CostCredentialStatus st = s.cr().getStatus();
    assertThat(s.servedToken()).isNotEqualTo(compromised);
    assertThat(st.getLastEmergencyRotation().getCompromisedToken()).isNotNull();
    assertThat(st.getLastEmergencyRotation().getRevocation())
        .isEqualTo(EmergencyRevocation.AwaitingManualRevocation);
    assertThat(budget.used()).as("the emergency's calls came from the reserve").isGreaterThan(95);
  }

  @Test
  void anEmergencyCostsOneCallForTheNewTokenAndOneForTheCompromisedOne() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    int sent = h.vantage.requestCount();
    h.annotate(Scenario.NAME, Annotations.EMERGENCY, "token pasted in a public channel");
    engine.reconcile(s.cr());
    assertThat(s.cr().getStatus().getLastEmergencyRotation().getRevocation())
        .isEqualTo(EmergencyRevocation.AwaitingManualRevocation);
    assertThat(h.vantage.requestCount() - sent)
        .as("the compromised token is checked when flagged, not polled again in the same pass")
        .isEqualTo(2);
  }

  @Test
  void aManualRotationReadsEachSecretOnce() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.ROTATE, "rotate-1");
    h.writes.reset();
    engine.reconcile(s.cr()); // up to the rollout wait: obtain, verify, publish, restart
    long secretReads =
        h.writes.reads.stream().filter(r -> r.contains("/secrets/")).distinct().count();
    long secretGets = h.writes.reads.stream().filter(r -> r.contains("/secrets/")).count();
    assertThat(s.cr().getStatus().getRotation().getPhase())
        .isEqualTo(RotationPhase.AwaitingRollout);
    assertThat(secretGets)
        .as("each Secret (ledger, pool, store) read once per reconcile: %s", h.writes.reads)
        .isEqualTo(secretReads);
  }

  @Test
  void reverificationAgainstAnUnreachableApiRetriesInAMinute() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.clock.advance(Duration.ofHours(2));
    h.vantage.failNext(100, 503);
    int sent = h.vantage.requestCount();
    Duration requeue = engine.reconcile(s.cr());
    assertThat(h.vantage.requestCount() - sent).isEqualTo(1);
    assertThat(requeue).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    h.clock.advance(Duration.ofSeconds(5));
    engine.reconcile(s.cr());
    assertThat(h.vantage.requestCount() - sent).as("not again within the minute").isEqualTo(1);
  }

  @Test
  void reverificationRefusedByTheBudgetWaitsForItInsteadOfRetryingEverySecond() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    while (budget.tryAcquire(CallPriority.BACKGROUND).isEmpty()) {
      // half the budget is spent: background work must wait
    }
    h.clock.advance(Duration.ofHours(2)); // re-verification is due; the window slid, spend again
    while (budget.tryAcquire(CallPriority.BACKGROUND).isEmpty()) {
      // other credentials' re-verifications
    }
    int sent = h.vantage.requestCount();
    Duration requeue = engine.reconcile(s.cr());
    assertThat(h.vantage.requestCount()).isEqualTo(sent);
    assertThat(requeue).as("not every second").isGreaterThan(Duration.ofMinutes(30));
    h.clock.advance(Duration.ofSeconds(30));
    engine.reconcile(s.cr());
    assertThat(h.vantage.requestCount()).isEqualTo(sent);
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(Conditions.isTrue(st, Reasons.READY)).isTrue();
    assertThat(st.getLastFailure()).isNull();
  }
}
