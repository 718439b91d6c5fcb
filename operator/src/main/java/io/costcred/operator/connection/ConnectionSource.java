package io.costcred.operator.connection;

import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import java.util.Map;
import java.util.Optional;

/** Finds connections and namespace labels (from informer caches in production). */
public interface ConnectionSource {
  /** No connections at all: every reference is "not found". */
  ConnectionSource NONE =
      new ConnectionSource() {
        @Override
        public Optional<ClusterCredentialConnection> cluster(String name) {
          return Optional.empty();
        }

        @Override
        public Optional<CredentialConnection> namespaced(String namespace, String name) {
          return Optional.empty();
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
          return Map.of();
        }
      };

  Optional<ClusterCredentialConnection> cluster(String name);

  Optional<CredentialConnection> namespaced(String namespace, String name);

  /** The labels of a namespace (empty when unknown). */
  Map<String, String> namespaceLabels(String namespace);
}
