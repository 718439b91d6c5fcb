package io.costcred.operator.consumers;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shares equal immutable values (owners, annotation and read maps) between cached records: the Pods
 * of one template have the same ones, so a thousand replicas keep one copy. Weak: a value no record
 * uses any more is collected.
 */
final class Interner {
  private static final Map<Object, WeakReference<Object>> VALUES = new WeakHashMap<>();

  private Interner() {}

  /** The shared instance equal to {@code value}; empty maps are shared by the JDK already. */
  @SuppressWarnings("unchecked")
  static <T> T intern(T value) {
    if (value == null || value instanceof Map<?, ?> m && m.isEmpty()) {
      return value;
    }
    synchronized (VALUES) {
      WeakReference<Object> ref = VALUES.get(value);
      Object shared = ref == null ? null : ref.get();
      if (shared != null) {
        return (T) shared;
      }
      VALUES.put(value, new WeakReference<>(value));
      return value;
    }
  }
}
