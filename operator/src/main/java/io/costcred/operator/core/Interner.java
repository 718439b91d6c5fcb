package io.costcred.operator.core;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shares equal immutable values between cached records: owners, annotation and read maps (the Pods
 * of one template have the same ones, so a thousand replicas keep one copy), and the data key names
 * of Secrets (a cluster's Secrets use few sets of them). Weak: a value no record uses any more is
 * collected, so values a tenant makes up do not outlive the objects that hold them.
 */
public final class Interner {
  private static final Map<Object, WeakReference<Object>> VALUES = new WeakHashMap<>();

  private Interner() {}

  /** The shared instance equal to {@code value}; empty maps are shared by the JDK already. */
  @SuppressWarnings("unchecked")
  public static <T> T intern(T value) {
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
