package io.costcred.operator.rotation;

import io.costcred.operator.core.Credential;
import io.costcred.operator.store.CredentialStore;
import java.util.List;

/**
 * Writes a token to every store at once instead of one after another: an emergency's new token
 * reaches the slowest store after that store's own latency, not after the sum of all of them. Every
 * store write is idempotent for a rotation id (Kubernetes update, Vault check-and-set against the
 * version read, Secrets Manager ClientRequestToken), so a crash in the middle leaves nothing a
 * re-run cannot finish. The first store is written on the calling thread.
 */
final class ParallelPublish {
  private ParallelPublish() {}

  /** One store's outcome: the version written, or why it failed. */
  record Outcome(CredentialStore store, String version, RuntimeException failure) {}

  static List<Outcome> publish(
      List<CredentialStore> stores, String rotationId, Credential credential, String fp) {
    return Concurrently.run(stores, s -> s.publish(rotationId, credential, fp)).stream()
        .map(o -> new Outcome(o.item(), o.value(), o.failure()))
        .toList();
  }
}
