package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import java.util.Optional;

/** Finds the ClusterRotationPolicy that governs a namespace. */
public interface PolicySource {
  PolicySource NONE = (namespace, ref) -> Optional.empty();

  /**
   * The policy named by {@code ref}, or else the highest-priority policy whose namespace selector
   * matches the namespace's labels.
   */
  Optional<ClusterRotationPolicy> governing(String namespace, String ref);
}
