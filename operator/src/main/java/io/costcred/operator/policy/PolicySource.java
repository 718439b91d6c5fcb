package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import java.util.Map;
import java.util.Optional;

/** Finds the ClusterRotationPolicies that govern a namespace. */
public interface PolicySource {
  /**
   * The highest-priority policy whose namespace selector matches the namespace's labels, if any.
   * Throws (reason {@code PolicyUnavailable}) when policies cannot be read: callers fail closed.
   */
  Optional<ClusterRotationPolicy> governing(String namespace);

  /** The policy named {@code name}, if it exists; throws like {@link #governing}. */
  Optional<ClusterRotationPolicy> named(String name);

  /** The labels of a namespace (empty when unknown). */
  Map<String, String> namespaceLabels(String namespace);
}
