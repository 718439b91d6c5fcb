package io.costcred.operator.consumers;

import java.time.Instant;
import java.util.Map;

/**
 * A running Pod of a consumer, as the cut-over evidence needs it.
 *
 * @param name the Pod's name
 * @param createdAt its creationTimestamp (whole seconds, API server time)
 * @param terminating it has a deletionTimestamp and still runs
 * @param annotations its {@code costcred.io/} annotations only (the fingerprints it started with)
 */
public record PodView(
    String name, Instant createdAt, boolean terminating, Map<String, String> annotations) {
  public PodView {
    annotations = Map.copyOf(annotations);
  }
}
