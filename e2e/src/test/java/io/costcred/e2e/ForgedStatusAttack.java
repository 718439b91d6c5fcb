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
 * well-formed rotation in progress that started before every key, an admin's second key as current,
 * the real current key and team-b's key listed as inactive and due for deletion), which the
 * operator acts on at once, deletes and deactivates no IAM key: destructive steps act on the ledger
 * (design rule 8). An unparseable timestamp ends in a condition ({@code InvalidStatus}).
 */
final class ForgedStatusAttack {
  private final IsolationFixture f;
  private final TenantWorld w;
  private final Tenant oncall;
  private final String id;

  ForgedStatusAttack(IsolationFixture f, Tenant oncall) {
    this.f = f;
    this.w = f.world;
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
    assertThat(w.scanIamSecret(w.teamA, "iam-a-out"))
        .as("the minted secret access key")
        .isNotNull();
    String k1 = ready.text("/status/currentToken/id");
    String k2 = f.extraKey(user);
    Map<String, String> beforeA = w.moto.keys(user);
    Map<String, String> beforeB = w.moto.keys(f.userB);
    String kb = beforeB.keySet().iterator().next();
    Map<String, Object> forged = forgedStatus(ready, k1, k2, kb);
    int code = w.tryMergePatch(oncall.client(), w.teamA, "iam-a", forged, true);
    TenantIsolationIT.LOG.info(
        "MEASURED (c) forged status patch as emergency-rotator: HTTP {} (0 = accepted)", code);
    assertThat(code)
        .as("the status subresource is writable by the role: %s", w.lastRefusal)
        .isZero();
    // The operator acts on the forged rotation at once: it ends either completed or failed.
    Cr after =
        w.awaitCr(
            w.teamA,
            "iam-a",
            "the operator acted on the forged rotation",
            TenantIsolationIT.SETTLE,
            c ->
                c.text("/status/lastFailure/reason") != null
                    || c.revision() > ready.revision() && !c.rotating());
    Map<String, String> afterA = w.moto.keys(user);
    Map<String, String> afterB = w.moto.keys(f.userB);
    TenantIsolationIT.LOG.info(
        "MEASURED (c) IAM keys team-a user {} -> {} ({} of them unchanged; forged current {} kept:"
            + " {}), team-b user {} -> {}; revision {} -> {}; outcome: {}",
        beforeA.size(),
        afterA.size(),
        beforeA.entrySet().stream()
            .filter(e -> e.getValue().equals(afterA.get(e.getKey())))
            .count(),
        k2,
        afterA.containsKey(k2),
        beforeB.size(),
        afterB.size(),
        ready.revision(),
        after.revision(),
        after.text("/status/lastFailure/reason"));
    assertThat(afterB).as("team-b's IAM keys").isEqualTo(beforeB);
    assertThat(afterA)
        .as("team-a's keys: none deleted or deactivated")
        .containsAllEntriesOf(beforeA);
    unparseable(beforeA, beforeB);
  }

  /**
   * A well-formed rotation in progress (the id the operator itself would give the next rotation, so
   * nothing is reset as malformed and no backoff intervenes), started long before every key: the
   * old IAM orphan rule took every key created after startedAt that is not current (k1, as k2 is
   * now called current) for a leftover of this rotation and deleted it. The real current key and
   * team-b's key are listed as inactive and due for deletion.
   */
  private static Map<String, Object> forgedStatus(Cr ready, String k1, String k2, String kb) {
    String past = "2020-01-01T00:00:00Z";
    String rotationId = ready.text("/metadata/uid") + "-r" + (ready.revision() + 1);
    return Map.of(
        "status",
        Map.of(
            "rotation",
            Map.of(
                "id",
                rotationId,
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
  }

  /** An unparseable timestamp ends as a condition, never as a crash loop. */
  private void unparseable(Map<String, String> beforeA, Map<String, String> beforeB) {
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
      // A failure stands (the forgery above): a status edit alone is not an input of the failure
      // gate, so the operator holds until the retry is due or a request arrives. The on-call's
      // request makes it look at once; the malformed value is then reset and reported.
      int asked =
          w.tryAnnotate(
              oncall.client(),
              w.teamA,
              "iam-a",
              oncall.username(),
              "costcred.io/rotate",
              "after a hand-edited status");
      assertThat(asked).as("rotate request: %s", w.lastRefusal).isZero();
      Cr c = w.awaitReason(w.teamA, "iam-a", TenantIsolationIT.SETTLE, "InvalidStatus");
      String startedAt = c.text("/status/rotation/startedAt");
      TenantIsolationIT.LOG.info(
          "MEASURED (c) after the unparseable value: {}; rotation.startedAt now {}",
          c.text("/status/lastFailure/reason"),
          startedAt);
      assertThat(c.text("/status/lastFailure/reason")).isEqualTo("InvalidStatus");
      assertThat(startedAt).as("the malformed value was reset").isNotEqualTo("yesterday");
    } else {
      assertThat(bad).as("refused by the API server").isEqualTo(422);
    }
    assertThat(w.moto.keys(f.userA)).containsAllEntriesOf(beforeA);
    assertThat(w.moto.keys(f.userB)).isEqualTo(beforeB);
  }
}
