package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.MaintenanceWindow;
import io.costcred.operator.api.v1alpha1.RotationRequest;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleAndPolicyTest {
  private static final Instant SUNDAY = Instant.parse("2026-11-22T03:00:00Z");

  private static MaintenanceWindow window(
      List<String> days, String start, String length, String tz) {
    MaintenanceWindow w = new MaintenanceWindow();
    w.setDays(days);
    w.setStart(start);
    w.setDuration(length);
    w.setTimeZone(tz);
    return w;
  }

  @Test
  void withoutWindowsTheRotationIsDueAfterTheInterval() {
    Schedule s = new Schedule(Duration.ofDays(90), List.of());
    assertThat(s.nextRotation(SUNDAY)).isEqualTo(SUNDAY.plus(Duration.ofDays(90)));
  }

  @Test
  void windowsMoveTheDueTimeToTheNextOpening() {
    Schedule s =
        new Schedule(Duration.ofHours(1), List.of(window(List.of("Tue"), "09:00", "2h", "UTC")));
    assertThat(s.nextRotation(SUNDAY)).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
    Instant inside = Instant.parse("2026-11-24T10:30:00Z");
    assertThat(s.nextWindowOpening(inside)).isEqualTo(inside);
    assertThat(s.nextWindowOpening(Instant.parse("2026-11-24T11:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
  }

  @Test
  void windowsHonourTheirTimeZoneAndCrossMidnight() {
    Schedule s =
        new Schedule(
            Duration.ofHours(1), List.of(window(List.of(), "23:00", "4h", "Europe/Berlin")));
    // 23:00 Berlin is 22:00 UTC in winter; 01:00 UTC is inside the window that opened the day
    // before.
    Instant night = Instant.parse("2026-11-24T01:00:00Z");
    assertThat(s.nextWindowOpening(night)).isEqualTo(night);
    assertThat(s.nextWindowOpening(Instant.parse("2026-11-24T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-24T22:00:00Z"));
  }

  @Test
  void backoffDoublesAndIsCapped() {
    Backoff b = Backoff.standard();
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delay(3)).isEqualTo(Duration.ofMinutes(2));
    assertThat(b.delay(50)).isEqualTo(Duration.ofHours(1));
    assertThat(b.nextAttempt(0, SUNDAY)).isEqualTo(Instant.MIN);
    assertThat(b.nextAttempt(2, SUNDAY)).isEqualTo(SUNDAY.plusSeconds(60));
  }

  private static CostCredentialStatus withToken(Instant lastRotation) {
    CostCredentialStatus st = new CostCredentialStatus();
    st.setCurrentToken(new TokenHandle());
    st.setLastRotationTime(Times.format(lastRotation));
    return st;
  }

  @Test
  void deciderPrioritisesEmergencyThenInitialThenManualThenSchedule() {
    Schedule s = new Schedule(Duration.ofDays(1), List.of());
    CostCredentialStatus fresh = new CostCredentialStatus();
    assertThat(Decider.decide(fresh, Map.of(), SUNDAY, s, false).orElseThrow().trigger())
        .isEqualTo(RotationTrigger.Initial);
    assertThat(
            Decider.decide(fresh, Map.of(Annotations.EMERGENCY, "leak"), SUNDAY, s, false)
                .orElseThrow()
                .trigger())
        .isEqualTo(RotationTrigger.Emergency);

    CostCredentialStatus st = withToken(SUNDAY);
    assertThat(Decider.decide(st, Map.of(), SUNDAY.plusSeconds(60), s, false)).isEmpty();
    assertThat(
            Decider.decide(st, Map.of(), SUNDAY.plus(Duration.ofDays(1)), s, false)
                .orElseThrow()
                .trigger())
        .isEqualTo(RotationTrigger.Scheduled);
    assertThat(
            Decider.decide(st, Map.of(Annotations.ROTATE, "x"), SUNDAY, s, false)
                .orElseThrow()
                .trigger())
        .isEqualTo(RotationTrigger.Manual);
    assertThat(Decider.decide(st, Map.of(), SUNDAY, s, true).orElseThrow().trigger())
        .isEqualTo(RotationTrigger.CurrentTokenRejected);
  }

  @Test
  void handledRequestsAreNotActedOnAgain() {
    Schedule s = new Schedule(Duration.ofDays(1), List.of());
    CostCredentialStatus st = withToken(SUNDAY);
    st.setHandledRotateRequest("x");
    st.setHandledEmergencyRequest("leak");
    Map<String, String> same = Map.of(Annotations.ROTATE, "x", Annotations.EMERGENCY, "leak");
    assertThat(Decider.decide(st, same, SUNDAY, s, false)).isEmpty();

    RotationRequest req = new RotationRequest();
    req.setId("req-1");
    req.setEmergency(true);
    req.setRequestedBy("alice");
    st.setRequestedRotation(req);
    var d = Decider.decide(st, same, SUNDAY, s, false).orElseThrow();
    assertThat(d.trigger()).isEqualTo(RotationTrigger.Emergency);
    assertThat(d.requestedBy()).isEqualTo("alice");
    st.setHandledStatusRequest("req-1");
    assertThat(Decider.decide(st, same, SUNDAY, s, false)).isEmpty();
  }
}
