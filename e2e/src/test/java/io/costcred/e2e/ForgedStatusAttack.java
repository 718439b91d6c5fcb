package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import java.util.List;
import java.util.Map;

/**
 * (c) The status subresource is writable by {@code costcred-emergency-rotator}. A forged status (a
 * rotation started in the past, another key as current, the real current key and team-b's key
 * listed as inactive and due for deletion) followed by a rotate request deletes and deactivates no
 * IAM key; an unparseable timestamp ends in a refusal or a condition.
 */
final class ForgedStatusAttack {
  private final IsolationFixture f;
  private final TenantWorld w;
  private final Tenant mallory;
  private final Tenant oncall;
  private final String id;

  ForgedStatusAttack(IsolationFixture f, Tenant mallory, Tenant oncall) {
    this.f = f;
    this.w = f.world;
    this.mallory = mallory;
    this.oncall = oncall;
    this.id = f.id;
  }

  void run() {
    String user = f.userA;
    f.tenantCr(Specs.iam(w.teamA, "iam-a", f.platformAws, user, "iam-a-out"));
    Cr ready =
        w.awaitCr(
            w.teamA,
            "iam-a",
            "iam-a has a key",
            TenantIsolationIT.SETTLE,
            TenantIsolationIT::settled);
    w.secretData(w.teamA, "iam-a-out").values().forEach(w.leaks::add);
    String k1 = ready.text("/status/currentToken/id");
    String k2 = f.extraKey(user);
    Map<String, String> beforeA = w.moto.keys(user);
    Map<String, String> beforeB = w.moto.keys(f.userB);
    String kb = beforeB.keySet().iterator().next();
    String past = "2020-01-01T00:00:00Z";
    Map<String, Object> forged =
        Map.of(
            "status",
            Map.of(
                "rotation",
                Map.of(
                    "id",
                    "forged-" + id,
                    "phase",
                    "Obtaining",
                    "trigger",
                    "Manual",
                    "startedAt",
                    past,
                    "phaseSince",
                    past),
                "currentToken",
                Map.of("id", k2, "fingerprint", "0".repeat(32)),
                "inactiveKeys",
                List.of(
                    Map.of("id", k1, "deactivatedAt", past, "deleteAfter", past),
                    Map.of("id", kb, "deactivatedAt", past, "deleteAfter", past))));
    int code = w.tryMergePatch(oncall.client(), w.teamA, "iam-a", forged, true);
    TenantIsolationIT.LOG.info(
        "MEASURED (c) forged status patch as emergency-rotator: HTTP {} (0 = accepted)", code);
    // A manual rotate makes the operator act on whatever status now says.
    w.tryMergePatch(
        mallory.client(),
        w.teamA,
        "iam-a",
        Map.of("metadata", Map.of("annotations", Map.of("costcred.io/rotate", "forged-" + id))),
        false);
    Cr after =
        w.awaitCr(
            w.teamA,
            "iam-a",
            "the operator handled the forged status",
            TenantIsolationIT.SETTLE,
            c ->
                TenantWorld.reasons(c).contains("InvalidStatus")
                    || ("forged-" + id).equals(c.text("/status/handledRotateRequest")));
    Map<String, String> afterA = w.moto.keys(user);
    Map<String, String> afterB = w.moto.keys(f.userB);
    TenantIsolationIT.LOG.info(
        "MEASURED (c) IAM keys team-a user {} -> {} (forged current {} kept: {}), team-b user {} ->"
            + " {}; reasons {}",
        beforeA.size(),
        afterA.size(),
        k2,
        afterA.containsKey(k2),
        beforeB.size(),
        afterB.size(),
        TenantWorld.reasons(after));
    assertThat(afterB).isEqualTo(beforeB);
    assertThat(afterA).containsAllEntriesOf(Map.of(k1, beforeA.get(k1), k2, beforeA.get(k2)));
    unparseable(beforeB);
  }

  /** An unparseable timestamp ends as a refusal or a condition, never as a crash loop. */
  private void unparseable(Map<String, String> beforeB) {
    int bad =
        w.tryMergePatch(
            oncall.client(),
            w.teamA,
            "iam-a",
            Map.of(
                "status", Map.of("rotation", Map.of("id", "bad-" + id, "startedAt", "yesterday"))),
            true);
    TenantIsolationIT.LOG.info("MEASURED (c) unparseable startedAt: HTTP {} (0 = accepted)", bad);
    if (bad == 0) {
      w.awaitReason(w.teamA, "iam-a", TenantIsolationIT.SETTLE, "InvalidStatus");
    }
    assertThat(w.moto.keys(f.userB)).isEqualTo(beforeB);
  }
}
