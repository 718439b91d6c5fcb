package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyOutcome;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A status written by another operator version or by hand: unknown and malformed enum values and
 * the flat failure fields of earlier versions are read without an exception, and the status check
 * resets them (the engine then reports InvalidStatus) so that none is written back.
 */
class HandEditedStatusTest {
  private static final String UID = "u1";

  private static final String EDITED =
      """
      {"apiVersion":"costcred.io/v1alpha1","kind":"CostCredential",
       "metadata":{"name":"c","namespace":"n","uid":"u1"},
       "status":{
         "revision":0,
         "failedAttempts":7,"lastFailureTime":"2026-01-01T00:00:00Z",
         "lastFailureReason":"SecretNotFound: pool missing",
         "pendingToken":{"id":"p","fingerprint":"f"},
         "rotation":{"id":"u1-r1","trigger":42,"phase":"Deleting",
                     "startedAt":"2026-01-01T00:00:00Z","phaseSince":"2026-01-01T00:00:00Z"},
         "pendingRevocations":[{"token":{"id":"t","rotationId":"r0"},"reason":"Lost",
                                "state":{"nested":true},"deadline":"2026-01-02T00:00:00Z"}],
         "lastEmergencyRotation":{"revocation":"Maybe","outcome":"Exploded"},
         "history":[{"rotationId":"r0","trigger":"ByMoonlight","outcome":"Partly"},
                    {"rotationId":"r1","trigger":"Manual","outcome":"Succeeded"}]
       }}
      """;

  @Test
  void unknownValuesReadAsUnrecognizedAndOldFlatFieldsAreIgnored() {
    CostCredential cr = Serialization.unmarshal(EDITED, CostCredential.class);
    CostCredentialStatus st = cr.getStatus();
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.Unrecognized);
    assertThat(st.getRotation().getTrigger()).isEqualTo(RotationTrigger.Unrecognized);
    assertThat(st.getPendingRevocations().get(0).getState())
        .isEqualTo(RevocationState.Unrecognized);
    assertThat(st.getPendingRevocations().get(0).getReason())
        .isEqualTo(RevocationReason.Unrecognized);
    assertThat(st.getLastEmergencyRotation().getRevocation())
        .isEqualTo(EmergencyRevocation.Unrecognized);
    assertThat(st.getLastEmergencyRotation().getOutcome()).isEqualTo(EmergencyOutcome.Unrecognized);
    assertThat(st.getHistory().get(0).getOutcome()).isEqualTo(RotationOutcome.Unrecognized);
    assertThat(st.getHistory().get(1).getOutcome()).isEqualTo(RotationOutcome.Succeeded);
    assertThat(st.getHistory().get(1).getTrigger()).isEqualTo(RotationTrigger.Manual);
    assertThat(st.getLastFailure()).as("old flat failure fields are ignored").isNull();
  }

  @Test
  void theStatusCheckResetsEveryUnrecognizedValueSoNoneIsWrittenBack() {
    CostCredentialStatus st = Serialization.unmarshal(EDITED, CostCredential.class).getStatus();
    List<String> reset = StatusCheck.repair(st, UID, Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(reset)
        .contains(
            "rotation.trigger",
            "rotation.phase",
            "pendingRevocations.state",
            "pendingRevocations.reason",
            "lastEmergencyRotation.revocation",
            "lastEmergencyRotation.outcome",
            "history.outcome",
            "history.trigger");
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.Obtaining);
    assertThat(st.getRotation().getTrigger()).isEqualTo(RotationTrigger.Manual);
    assertThat(st.getPendingRevocations().get(0).getState()).isEqualTo(RevocationState.Scheduled);
    String json = Serialization.asJson(st);
    assertThat(json)
        .doesNotContain("Unrecognized", "Deleting", "failedAttempts", "lastFailureReason");
    // What is written reads back the same: the check is done.
    CostCredentialStatus again = Serialization.unmarshal(json, CostCredentialStatus.class);
    assertThat(StatusCheck.repair(again, UID, Instant.parse("2026-02-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void knownValuesRoundTripByName() {
    CostCredentialStatus st = Serialization.unmarshal(EDITED, CostCredential.class).getStatus();
    st.getRotation().setPhase(RotationPhase.RevokingCompromised);
    String json = Serialization.asJson(st);
    assertThat(json).contains("\"phase\":\"RevokingCompromised\"");
    assertThat(Serialization.unmarshal(json, CostCredentialStatus.class).getRotation().getPhase())
        .isEqualTo(RotationPhase.RevokingCompromised);
  }
}
