package io.costcred.operator.rotation.fakes;

import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.Consumers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The consumers the informers would find: set by the test, filtered by the Secrets asked for. */
public final class FakeConsumers implements Consumers {
  private volatile List<Consumer> consumers = List.of();

  /** Every consumer in the namespace (the test plays the informers). */
  public void set(List<Consumer> found) {
    consumers = List.copyOf(found);
  }

  @Override
  public List<Consumer> of(String namespace, Set<String> secretNames) {
    List<Consumer> out = new ArrayList<>();
    for (Consumer c : consumers) {
      if (c.reads().keySet().stream().anyMatch(secretNames::contains)) {
        out.add(c);
      }
    }
    return out;
  }
}
