package io.costcred.operator.consumers;

import java.util.List;
import java.util.Set;

/** Finds the consumers of Secrets: every workload and bare Pod whose pods read them. */
public interface Consumers {
  /** Nothing is known (no informers): no consumer is reported and nothing is held. */
  Consumers NONE = (namespace, secretNames) -> List.of();

  /**
   * Every workload and bare Pod in {@code namespace} whose pod template (env, envFrom, secret and
   * projected volumes, of containers, init and ephemeral containers) reads one of {@code
   * secretNames}, sorted by kind then name. From informer caches: no API request.
   */
  List<Consumer> of(String namespace, Set<String> secretNames);
}
