package io.costcred.operator.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 fingerprints of credentials with an operator-held key: comparable across stores and
 * restarts, useless for guessing a token (a plain hash of a low-entropy value would not be).
 */
public final class Fingerprinter {
  private static final int HEX_CHARS = 32;
  private final SecretKeySpec key;

  public Fingerprinter(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("fingerprint key must be at least 128 bits");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** Fingerprint of one value. */
  public String of(SecretValue value) {
    return hex(mac(value.bytes()));
  }

  /** Fingerprint of all fields of a credential, in field-name order. */
  public String of(Credential credential) {
    Mac mac = newMac();
    for (Map.Entry<String, SecretValue> e : credential.fields().entrySet()) {
      mac.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(e.getValue().bytes());
      mac.update((byte) 0);
    }
    return hex(mac.doFinal());
  }

  private byte[] mac(byte[] data) {
    return newMac().doFinal(data);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
  }
}
