package io.costcred.e2e.support;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes the fingerprints the operator publishes (documented: HMAC-SHA256 over the credential's
 * fields, key in the Secret {@code costcred-operator-fingerprint-key} of the operator namespace,
 * first 32 hex characters), so the suite can tell which token a status or annotation names.
 */
public final class Fingerprints {
  public static final String KEY_SECRET = "costcred-operator-fingerprint-key";
  private final SecretKeySpec key;

  private Fingerprints(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
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
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update("token".getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(token.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal()).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
