package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the status enums leniently. A stored value this operator does not know (written by another
 * version, e.g. before a rollback, or by hand through the status subresource) must neither fail
 * deserialization (the informer would stop delivering the object) nor escape a reconcile: it reads
 * as the enum's {@code Unrecognized} marker, which the engine's status check resets to a safe value
 * and reports as the {@code InvalidStatus} condition. The marker is not part of the CRD enum and is
 * never written back.
 */
final class StatusValues {
  private StatusValues() {}

  static <E extends Enum<E>> E parse(Class<E> type, JsonNode node, E unrecognized) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      return unrecognized;
    }
    String text = node.asText();
    for (E e : type.getEnumConstants()) {
      if (e != unrecognized && e.name().equals(text)) {
        return e;
      }
    }
    return unrecognized;
  }
}
