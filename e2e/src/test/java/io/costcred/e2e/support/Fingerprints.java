package io.costcred.e2e.support;

import io.costcred.operator.api.fingerprint.CredentialFingerprint;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;

/**
 * Recomputes the fingerprints the operator publishes ({@link CredentialFingerprint} of the API
 * module, key in the Secret {@code costcred-operator-fingerprint-key} of the operator namespace),
 * so the suite can tell which token a status or annotation names.
 */
public final class Fingerprints {
  public static final String KEY_SECRET = "costcred-operator-fingerprint-key";
  private final CredentialFingerprint fingerprint;

  private Fingerprints(byte[] key) {
    this.fingerprint = new CredentialFingerprint(key);
  }

  /** Reads the key the operator created in its namespace on first start. */
  public static Fingerprints load(KubernetesClient admin, String operatorNamespace) {
    Secret s = admin.secrets().inNamespace(operatorNamespace).withName(KEY_SECRET).get();
    if (s == null) {
      throw new IllegalStateException("the operator has not created " + KEY_SECRET + " yet");
    }
    return new Fingerprints(Base64.getDecoder().decode(s.getData().get("key")));
  }

  /** The fingerprint of a Vantage token: its one field is named {@code token}. */
  public String ofToken(String token) {
    TreeMap<String, byte[]> fields = new TreeMap<>();
    fields.put("token", token.getBytes(StandardCharsets.UTF_8));
    return fingerprint.ofFields(fields);
  }
}
