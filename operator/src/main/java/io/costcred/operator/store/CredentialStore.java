package io.costcred.operator.store;

import io.costcred.operator.core.Credential;
import java.util.Optional;
import java.util.function.Function;

/** A destination that serves the current credential to its consumers. */
public interface CredentialStore {
  /** Stable id used in status, e.g. {@code kubernetesSecret/finfocus-vantage}. */
  String id();

  /**
   * Writes the credential. Idempotent: writing what the store already holds changes nothing.
   *
   * @return the store's version after the write (resourceVersion, KV version, version id)
   */
  String publish(String rotationId, Credential credential, String fingerprint);

  /** What the store serves now, or empty when the destination or its keys do not exist. */
  Optional<Credential> read();

  /**
   * Whether the store serves the credential with this fingerprint (drift check). A store may answer
   * from what it remembers of an unchanged version instead of reading its value again.
   */
  default boolean serves(String fingerprint, Function<Credential, String> fingerprints) {
    return read().map(fingerprints).filter(fingerprint::equals).isPresent();
  }

  /** Removes what the operator wrote (deletionPolicy Delete). Keys it does not own stay. */
  void remove();
}
