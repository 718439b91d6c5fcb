package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;

/** Persists a CostCredential's status with optimistic locking and returns the stored object. */
@FunctionalInterface
public interface StatusWriter {
  CostCredential write(CostCredential credential);
}
