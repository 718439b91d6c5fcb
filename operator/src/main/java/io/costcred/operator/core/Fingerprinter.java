package io.costcred.operator.core;

import io.costcred.operator.api.fingerprint.CredentialFingerprint;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Fingerprints of credentials with an operator-held key, as the API defines them ({@link
 * CredentialFingerprint}: HMAC-SHA256, comparable across stores and restarts, useless for guessing
 * a token).
 */
public final class Fingerprinter {
  private final CredentialFingerprint fingerprint;

  public Fingerprinter(byte[] key) {
    this.fingerprint = new CredentialFingerprint(key);
  }

  /** Fingerprint of one value. */
  public String of(SecretValue value) {
    return fingerprint.ofValue(value.bytes());
  }

  /** Fingerprint of all fields of a credential, in field-name order. */
  public String of(Credential credential) {
    SortedMap<String, byte[]> fields = new TreeMap<>();
    for (Map.Entry<String, SecretValue> e : credential.fields().entrySet()) {
      fields.put(e.getKey(), e.getValue().bytes());
    }
    return fingerprint.ofFields(fields);
  }
}
