package io.costcred.operator.api.v1alpha1;

/** The two kinds of connection a CostCredential can reference. */
public enum ConnectionKind {
  /** Namespaced, written by tenants; uses only credentials from its own namespace. */
  CredentialConnection,
  /**
   * Cluster-scoped, written by platform admins; lends the operator's identity to some namespaces.
   */
  ClusterCredentialConnection
}
