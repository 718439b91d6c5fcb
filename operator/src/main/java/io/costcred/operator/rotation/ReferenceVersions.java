package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;

/**
 * The versions of the objects a CostCredential references (its pool Secret, the Secrets its
 * connections name, its restart targets) as the operator's watches last saw them. A failure is
 * recorded with this value: while it stays the same (and the CostCredential's generation and
 * requests too), the failure is not retried before its backoff ends; when a referenced object
 * appears or changes, the next reconcile retries at once.
 */
@FunctionalInterface
public interface ReferenceVersions {
  /** No watches: only the CostCredential itself and the backoff start a retry. */
  ReferenceVersions NONE = cr -> "";

  /** A stable text that changes whenever a referenced object appears, changes or goes away. */
  String of(CostCredential cr);
}
