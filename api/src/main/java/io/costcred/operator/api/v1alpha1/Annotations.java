package io.costcred.operator.api.v1alpha1;

/** Annotation and label names under the costcred.io/ prefix. */
public final class Annotations {
  /** Any new value asks for one manual rotation. */
  public static final String ROTATE = "costcred.io/rotate";

  /** Any new value (the reason) asks for one emergency rotation. */
  public static final String EMERGENCY = "costcred.io/emergency-rotation";

  /** Optional: who asked for the rotation (set by tooling or by hand). */
  public static final String REQUESTED_BY = "costcred.io/requested-by";

  /**
   * Pod-template annotation of releases before per-credential keys: one key shared by every
   * CostCredential restarting the workload. Still read (its pods count as started with that
   * fingerprint), replaced by {@link #fingerprintKey} at the next restart.
   */
  public static final String CREDENTIAL_FINGERPRINT = "costcred.io/credential-fingerprint";

  /** Prefix of the per-credential pod-template annotation keys ({@link #fingerprintKey}). */
  public static final String FINGERPRINT_PREFIX = "costcred.io/fp.";

  /** Value: the rotation id (or token id) of a held revocation an admin lets proceed. */
  public static final String ACKNOWLEDGE_HOLD = "costcred.io/acknowledge-revocation-hold";

  /** On operator-owned Secrets: the CostCredential they belong to. */
  public static final String CREDENTIAL_LABEL = "costcred.io/credential";

  /** On the ledger Secret: what it is for ({@code ledger}). */
  public static final String ROLE_LABEL = "costcred.io/role";

  /** On the ledger Secret: the rotation the pending token belongs to. */
  public static final String PENDING_ROTATION = "costcred.io/pending-rotation";

  /** On the ledger Secret: the pool key the pending token came from. */
  public static final String PENDING_SOURCE = "costcred.io/pending-source";

  /** Field manager of the operator's own writes (status, owned Secrets). */
  public static final String FIELD_MANAGER = "costcred-operator";

  private static final int NAME_PART_MAX = 63;
  private static final int MANAGER_MAX = 128;

  private Annotations() {}

  /**
   * The pod-template annotation holding the fingerprint a workload's pods were started with, one
   * key per CostCredential ({@code costcred.io/fp.<name>}), so two credentials restarting one
   * workload never overwrite each other. A name too long for an annotation key keeps its first
   * characters and gets a hash of the whole name.
   */
  public static String fingerprintKey(String credentialName) {
    String part = "fp." + credentialName;
    if (part.length() <= NAME_PART_MAX) {
      return "costcred.io/" + part;
    }
    String hash = hash(credentialName, 10);
    return "costcred.io/" + part.substring(0, NAME_PART_MAX - hash.length() - 1) + "-" + hash;
  }

  /**
   * The server-side-apply field manager of one CostCredential's restart patches. One manager per
   * credential: an apply drops the fields its manager applied before and no longer sends, so a
   * shared manager would remove the other credentials' annotations.
   */
  public static String fieldManager(String credentialName) {
    String m = FIELD_MANAGER + "/" + credentialName;
    if (m.length() <= MANAGER_MAX) {
      return m;
    }
    String hash = hash(credentialName, 10);
    return m.substring(0, MANAGER_MAX - hash.length() - 1) + "-" + hash;
  }

  private static String hash(String s, int chars) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d).substring(0, chars);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
