package io.costcred.operator.api.v1alpha1;

/** What the operator does to stores and tokens when a CostCredential is deleted. */
public enum DeletionPolicy {
  /** Leave every store and token as it is; the credential keeps working. */
  Retain,
  /**
   * Remove the operator's keys from the stores and revoke (or ask an admin to revoke) the token.
   */
  Delete
}
