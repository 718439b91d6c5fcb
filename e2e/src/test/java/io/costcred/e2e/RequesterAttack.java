package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * (g) The chart's ValidatingAdmissionPolicy {@code costcred-requester-identity}: a rotation request
 * (status.requestedRotation) or a {@code costcred.io/requested-by} annotation that names anyone but
 * the writer is rejected by the API server; naming oneself is accepted and recorded.
 */
final class RequesterAttack {
  private final IsolationFixture f;
  private final TenantWorld w;
  private final Tenant mallory;
  private final Tenant oncall;

  RequesterAttack(IsolationFixture f, Tenant mallory, Tenant oncall) {
    this.f = f;
    this.w = f.world;
    this.mallory = mallory;
    this.oncall = oncall;
  }

  void run() {
    f.vantageCr("g-target", List.of(Specs.k8sStore("g-target-out")));
    w.awaitCr(
        w.teamA,
        "g-target",
        "g-target settled",
        TenantIsolationIT.SETTLE,
        TenantIsolationIT::settled);
    int status =
        w.tryMergePatch(
            oncall.client(),
            w.teamA,
            "g-target",
            request("g-spoof-" + f.id, "oncall@example.com"),
            true);
    String statusMessage = w.lastRefusal;
    int annotation =
        w.tryAnnotate(
            mallory.client(),
            w.teamA,
            "g-target",
            "oncall@example.com",
            "costcred.io/rotate",
            "g-spoof-" + f.id);
    String annotationMessage = w.lastRefusal;
    int own =
        w.tryMergePatch(
            oncall.client(),
            w.teamA,
            "g-target",
            request("g-own-" + f.id, oncall.username()),
            true);
    TenantIsolationIT.LOG.info(
        "MEASURED (g) spoofed status.requestedRotation.requestedBy: HTTP {}; spoofed requested-by"
            + " annotation: HTTP {}; own name: HTTP {} (0 = accepted)",
        status,
        annotation,
        own);
    assertThat(status).as("spoofed requestedBy in status").isIn(403, 422);
    assertThat(statusMessage).contains("costcred-requester-identity");
    assertThat(annotation).as("spoofed requested-by annotation").isIn(403, 422);
    assertThat(annotationMessage).contains("costcred-requester-identity");
    assertThat(own).as("a request in one's own name: %s", w.lastRefusal).isZero();
    Cr done =
        w.awaitCr(
            w.teamA,
            "g-target",
            "own request handled",
            TenantIsolationIT.SETTLE,
            c -> ("g-own-" + f.id).equals(c.text("/status/handledStatusRequest")));
    assertThat(done.text("/status/lastEmergencyRotation/requestedBy")).isEqualTo(oncall.username());
  }

  private static Map<String, Object> request(String id, String by) {
    return Map.of(
        "status",
        Map.of(
            "requestedRotation",
            Map.of(
                "id",
                id,
                "emergency",
                true,
                "reason",
                "requester test",
                "requestedBy",
                by,
                "requestedAt",
                Instant.now().toString())));
  }
}
