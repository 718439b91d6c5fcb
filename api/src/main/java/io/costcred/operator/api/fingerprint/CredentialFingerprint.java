package io.costcred.operator.api.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fingerprints status and the {@code costcred.io/credential-fingerprint} annotation carry:
 * HMAC-SHA256 with an operator-held key, over each field name and value of a credential in
 * field-name order (each followed by a zero byte), the first {@value #HEX_CHARS} hex characters.
 * Comparable across stores and restarts, useless for guessing a token (a plain hash of a
 * low-entropy value would not be). The operator computes them; tests that know the key recompute
 * them to tell which token a status names.
 */
public final class CredentialFingerprint {
  /** Hex characters of a fingerprint (128 bits). */
  public static final int HEX_CHARS = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public CredentialFingerprint(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("fingerprint key must be at least 128 bits");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** Fingerprint of one bare value. */
  public String ofValue(byte[] value) {
    return hex(newMac().doFinal(value));
  }

  /** Fingerprint of a credential: every field, in field-name order. */
  public String ofFields(SortedMap<String, byte[]> fields) {
    Mac mac = newMac();
    for (Map.Entry<String, byte[]> e : fields.entrySet()) {
      mac.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(e.getValue());
      mac.update((byte) 0);
    }
    return hex(mac.doFinal());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    }
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
  }
}
