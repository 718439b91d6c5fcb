package io.costcred.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What must hold after one rotation finished, however often the operator died on the way. Every
 * comparison is between fingerprints, so a failure message never shows a token.
 */
public final class Invariants {
  private Invariants() {}

  /** The state before a rotation, taken before the operator acts on it. */
  public record Baseline(
      long revision, long generation, int replicaSets, Map<String, String> pool, String current) {}

  /** {@code current} is the token the consumers hold before the rotation (null: none). */
  public static Baseline capture(E2eEnv env, long revision, String current) {
    return new Baseline(
        revision,
        env.deployment.generation(),
        env.deployment.replicaSets().size(),
        new LinkedHashMap<>(env.secretData(E2eEnv.POOL)),
        current);
  }

  public static void assertRotatedExactlyOnce(E2eEnv env, Baseline before) {
    Fingerprints fp = env.fingerprints();
    Cr cr = env.cr();
    assertThat(cr.rotating()).as("no rotation in progress").isFalse();
    assertThat(cr.revision()).as("revision").isEqualTo(before.revision() + 1);
    String current = cr.currentFingerprint();

    // Exactly one current token: the one the store serves, the ledger's current.
    Map<String, String> store = env.secretData(E2eEnv.NAME);
    assertThat(store.keySet())
        .as("keys of the store Secret")
        .containsOnly("token", "cost_report_token");
    assertThat(store.get("cost_report_token"))
        .as("key not owned by the operator")
        .isEqualTo("cr_abc123def456");
    assertThat(fp.ofToken(store.get("token")))
        .as("store serves status.currentToken")
        .isEqualTo(current);
    Map<String, String> ledger = env.secretData(E2eEnv.LEDGER);
    assertThat(ledger.get("current.token")).as("ledger has a current token").isNotNull();
    assertThat(fp.ofToken(ledger.get("current.token"))).as("ledger's current").isEqualTo(current);
    assertThat(ledger.keySet()).as("ledger keys").noneMatch(k -> k.startsWith("pending."));
    assertThat(env.vantage.isRevoked(store.get("token"))).as("served token revoked").isFalse();

    // Every token that left service is current or waits for its revocation.
    Set<String> queued = new HashSet<>(cr.pendingRevocationFingerprints());
    int taken = 0;
    Map<String, String> pool = env.secretData(E2eEnv.POOL);
    for (Map.Entry<String, String> e : before.pool().entrySet()) {
      if (pool.containsKey(e.getKey())) {
        continue;
      }
      taken++;
      String f = fp.ofToken(e.getValue());
      assertThat(f.equals(current) || queued.contains(f) || env.vantage.isRevoked(e.getValue()))
          .as("pool key %s (fingerprint %s) is current or queued for revocation", e.getKey(), f)
          .isTrue();
    }
    assertThat(taken).as("pool tokens taken").isGreaterThanOrEqualTo(1);
    if (before.current() != null) {
      assertThat(fp.ofToken(before.current()))
          .as("the replaced token is queued for revocation")
          .isIn(queued);
    }

    // Consumers restarted once, onto the current token, and rolled out.
    env.await("Deployment rolled out", Duration.ofSeconds(60), env.deployment::rolledOut);
    assertThat(env.deployment.templateFingerprint())
        .as("pod-template fingerprint")
        .isEqualTo(current);
    assertThat(env.deployment.generation())
        .as("Deployment generation (one template change per rotation)")
        .isEqualTo(before.generation() + 1);
    assertThat(env.deployment.replicaSets()).as("ReplicaSets").hasSize(before.replicaSets() + 1);
    ReplicaSet rs = env.deployment.replicaSetFor(current).orElseThrow();
    assertThat(rs.getStatus().getReadyReplicas())
        .as("ready pods of the new ReplicaSet")
        .isEqualTo(2);
  }
}
