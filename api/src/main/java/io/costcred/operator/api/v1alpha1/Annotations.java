package io.costcred.operator.api.v1alpha1;

/** Annotation and label names under the costcred.io/ prefix. */
public final class Annotations {
  /** Any new value asks for one manual rotation. */
  public static final String ROTATE = "costcred.io/rotate";

  /** Any new value (the reason) asks for one emergency rotation. */
  public static final String EMERGENCY = "costcred.io/emergency-rotation";

  /** Optional: who asked for the rotation (set by tooling or by hand). */
  public static final String REQUESTED_BY = "costcred.io/requested-by";

  /** Pod-template annotation: the credential fingerprint the pods were started with. */
  public static final String CREDENTIAL_FINGERPRINT = "costcred.io/credential-fingerprint";

  /** On operator-owned Secrets: the CostCredential they belong to. */
  public static final String CREDENTIAL_LABEL = "costcred.io/credential";

  /** On the ledger Secret: what it is for ({@code ledger}). */
  public static final String ROLE_LABEL = "costcred.io/role";

  /** On the ledger Secret: the rotation the pending token belongs to. */
  public static final String PENDING_ROTATION = "costcred.io/pending-rotation";

  /** On the ledger Secret: the pool key the pending token came from. */
  public static final String PENDING_SOURCE = "costcred.io/pending-source";

  /** Field manager of the restart annotation, written with server-side apply. */
  public static final String FIELD_MANAGER = "costcred-operator";

  private Annotations() {}
}
