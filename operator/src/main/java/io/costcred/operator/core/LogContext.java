package io.costcred.operator.core;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * The MDC fields of one reconcile, which JSON log lines carry under {@code mdc}: the resource
 * (namespace, name, kind), a fresh {@code reconcile_id} per pass, and, while a rotation runs, its
 * id, trigger and reason. Never a token, fingerprint key or Secret value.
 */
public final class LogContext implements AutoCloseable {
  public static final String NAMESPACE = "namespace";
  public static final String NAME = "name";
  public static final String KIND = "kind";
  public static final String RECONCILE_ID = "reconcile_id";
  public static final String ROTATION_ID = "rotation_id";
  public static final String TRIGGER = "trigger";
  public static final String REASON = "reason";

  static final List<String> KEYS =
      List.of(NAMESPACE, NAME, KIND, RECONCILE_ID, ROTATION_ID, TRIGGER, REASON);

  /** Longest reason kept (reasons are free text from an annotation or a status request). */
  static final int MAX_REASON = 200;

  private LogContext() {}

  /** Opens the context of one reconcile of {@code kind} namespace/name; close it in a finally. */
  public static LogContext resource(String kind, String namespace, String name) {
    put(KIND, kind);
    put(NAMESPACE, namespace);
    put(NAME, name);
    put(RECONCILE_ID, Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
    return new LogContext();
  }

  /** The rotation that this reconcile drives; removed with the resource context. */
  public static void rotation(String id, String trigger, String reason) {
    put(ROTATION_ID, id);
    put(TRIGGER, trigger);
    String r = reason == null ? null : reason.replaceAll("\\p{Cntrl}", " ");
    put(REASON, r != null && r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "…" : r);
  }

  private static void put(String key, String value) {
    if (value == null || value.isEmpty()) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Removes every field this class sets. */
  @Override
  public void close() {
    KEYS.forEach(MDC::remove);
  }
}
