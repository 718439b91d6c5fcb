package io.costcred.operator.testing;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.rotation.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every Event the engine emits, for assertions and for the secret-leak scan. */
public final class RecordingEvents implements EventSink {
  /** One recorded Event. */
  public record Event(String name, boolean warning, String reason, String message) {}

  public final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void emit(CostCredential cr, boolean warning, String reason, String message) {
    events.add(new Event(cr.getMetadata().getName(), warning, reason, message));
  }

  public boolean has(String reason) {
    return events.stream().anyMatch(e -> e.reason().equals(reason));
  }
}
