package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Invariants;
import io.costcred.testsupport.OperatorProcess;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two operator processes share a Lease. The leader dies in the middle of a rotation (halted right
 * after it restarted the consumers); the standby takes over when the lease expires and completes
 * that rotation exactly once.
 */
class LeaderElectionIT {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElectionIT.class);
  private static final String LEASE = "costcred-operator-leader";

  @Test
  void standbyTakesOverAndCompletesTheRotationOnce() {
    try (E2eEnv env = E2eEnv.create("leader-election")) {
      String inUse = env.issue("in use before the operator");
      env.consumers(inUse);
      env.pool(List.of(env.issue("p1"), env.issue("p2"), env.issue("p3"), env.issue("p4")));
      env.credential(spec -> {}, Map.of());

      OperatorProcess leader = env.startOperator("replica-a", "saved:restarted");
      env.await("replica-a leads", Duration.ofSeconds(60), () -> "replica-a".equals(holder(env)));
      env.awaitCr("token adopted", Duration.ofSeconds(60), c -> c.currentFingerprint() != null);
      OperatorProcess standby = env.startOperator("replica-b", null);
      env.await(
          "replica-b started",
          Duration.ofSeconds(60),
          () -> standby.output().contains("costcred-operator started"));
      onlyTheLeaderHoldsTheLease(env);

      Invariants.Baseline before = Invariants.capture(env, 0, inUse);
      env.annotate("costcred.io/rotate", "e2e-failover");
      assertThat(leader.awaitExit(Duration.ofSeconds(60))).isEqualTo(137);
      Instant died = Instant.now();
      Cr halfway = env.cr();
      assertThat(halfway.phase()).as("the leader died mid-rotation").isEqualTo("AwaitingRollout");
      assertThat(halfway.revision()).isZero();
      Lease held = lease(env);
      assertThat(held.getSpec().getHolderIdentity())
          .as("a killed leader does not release the lease")
          .isEqualTo("replica-a");

      env.await("replica-b leads", Duration.ofSeconds(60), () -> "replica-b".equals(holder(env)));
      Duration takeover = Duration.between(died, Instant.now());
      LOG.info("replica-b took over {} ms after replica-a died", takeover.toMillis());
      ZonedDateTime expired =
          held.getSpec().getRenewTime().plusSeconds(held.getSpec().getLeaseDurationSeconds());
      assertThat(lease(env).getSpec().getAcquireTime())
          .as("replica-b acquired the lease only after it expired")
          .isAfterOrEqualTo(expired);
      env.awaitCr(
          "rotation completed by replica-b",
          Duration.ofSeconds(60),
          c -> c.revision() == 1 && !c.rotating());
      Invariants.assertRotatedExactlyOnce(env, before);
      assertThat(lease(env).getSpec().getLeaseTransitions()).isEqualTo(1);

      List<Event> events = env.events();
      assertThat(events)
          .filteredOn(e -> "RotationStarted".equals(e.getReason()))
          .singleElement()
          .satisfies(e -> assertThat(e.getReportingInstance()).isEqualTo("replica-a"));
      assertThat(events)
          .filteredOn(e -> "RotationCompleted".equals(e.getReason()))
          .singleElement()
          .satisfies(e -> assertThat(e.getReportingInstance()).isEqualTo("replica-b"));
      assertThat(standby.output()).doesNotContain("rotation started");
      assertThat(takeover)
          .as("takeover waits for the lease to expire")
          .isLessThan(Duration.ofSeconds(45));
      env.assertNoLeaks();
    }
  }

  /** The leader keeps renewing while the standby runs; the standby does nothing. */
  private static void onlyTheLeaderHoldsTheLease(E2eEnv env) {
    Lease first = lease(env);
    ZonedDateTime renewed = first.getSpec().getRenewTime();
    env.await(
        "lease renewed",
        Duration.ofSeconds(30),
        () -> lease(env).getSpec().getRenewTime().isAfter(renewed));
    Lease now = lease(env);
    assertThat(now.getSpec().getHolderIdentity()).isEqualTo("replica-a");
    assertThat(now.getSpec().getLeaseTransitions())
        .isEqualTo(first.getSpec().getLeaseTransitions());
    assertThat(env.admin.leases().inNamespace(env.operatorNamespace).list().getItems()).hasSize(1);
    assertThat(env.events())
        .allSatisfy(e -> assertThat(e.getReportingInstance()).isEqualTo("replica-a"));
  }

  private static Lease lease(E2eEnv env) {
    return env.admin.leases().inNamespace(env.operatorNamespace).withName(LEASE).get();
  }

  private static String holder(E2eEnv env) {
    Lease l = lease(env);
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
