package io.costcred.operator.rotation;

import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.InformedSecretVersions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * The seed scenario with the engine asking a Secret informer before it reads a Secret, and helpers
 * that count the Secret GETs of one re-verification. Used on the mock and on the real API server.
 */
final class IdleReads implements AutoCloseable {
  final Harness h;
  final Scenario s;
  final InformedSecretVersions versions;
  final RotationEngine engine;

  /**
   * @param admin a client the harness's request counter does not see (the informer's)
   * @param informed false: no Secret watch, every read is a GET (as with watchSecrets=false)
   */
  IdleReads(Harness h, KubernetesClient admin, boolean informed) throws Exception {
    this.h = h;
    this.s = new Scenario(h);
    this.versions = informed ? new InformedSecretVersions(admin, h.namespace) : null;
    if (versions != null) {
      h.secretVersions = versions;
    }
    this.engine = h.engine(StepHook.NONE);
    s.settle(engine);
  }

  /** Moves past the re-verification interval and reconciles once; the Secret GETs it sent. */
  List<String> reverify() {
    h.clock.advance(Duration.ofHours(2));
    if (versions != null) {
      versions.awaitCaughtUp();
    }
    h.writes.reset();
    int sent = h.vantage.requestCount();
    engine.reconcile(s.cr());
    if (h.vantage.requestCount() == sent) {
      throw new AssertionError("no re-verification happened");
    }
    return h.writes.reads.stream().filter(r -> r.contains("/secrets/")).toList();
  }

  @Override
  public void close() {
    if (versions != null) {
      versions.close();
    }
    h.close();
  }
}
