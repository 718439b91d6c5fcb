package io.costcred.operator.core;

import java.util.UUID;

/**
 * Uids and resourceVersions as the caches keep them: a canonical UUID as a {@link UUID} (32 bytes
 * instead of 80 as a String with its bytes) and a decimal resourceVersion as a {@link Long} (24
 * instead of 48 or more). Anything else, such as a version an API server other than etcd's would
 * give, is kept as the String it was; {@link #text} gives back exactly the text that came in, and
 * two compact forms are equal exactly when their texts are.
 */
public final class CompactIds {
  private static final int UUID_LENGTH = 36;
  private static final int LONG_DIGITS = 18; // any 18-digit decimal fits a long

  private CompactIds() {}

  /**
   * The uid as a UUID when it is one in canonical form, else the String itself; null stays null.
   */
  public static Object uid(String uid) {
    if (uid == null || uid.length() != UUID_LENGTH) {
      return uid;
    }
    try {
      UUID u = UUID.fromString(uid);
      return u.toString().equals(uid) ? u : uid;
    } catch (IllegalArgumentException e) {
      return uid;
    }
  }

  /** A decimal version without leading zeros as a Long, else the String itself. */
  public static Object version(String version) {
    if (version == null || version.isEmpty() || version.length() > LONG_DIGITS) {
      return version;
    }
    if (version.length() > 1 && version.charAt(0) == '0') {
      return version;
    }
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (c < '0' || c > '9') {
        return version;
      }
    }
    return Long.valueOf(version);
  }

  /** The text a compact form was made from. */
  public static String text(Object compact) {
    return compact == null ? null : compact.toString();
  }
}
