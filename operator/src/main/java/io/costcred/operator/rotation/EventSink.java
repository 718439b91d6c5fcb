package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;

/** Records Kubernetes Events on a CostCredential. Messages never contain secret values. */
public interface EventSink {
  EventSink NONE = (cr, warning, reason, message) -> {};

  void emit(CostCredential credential, boolean warning, String reason, String message);

  default void normal(CostCredential credential, String reason, String message) {
    emit(credential, false, reason, message);
  }

  default void warning(CostCredential credential, String reason, String message) {
    emit(credential, true, reason, message);
  }
}
