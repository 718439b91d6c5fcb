package io.costcred.e2e.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Navigates (and creates) nested maps of a generic Kubernetes object. */
public final class Maps {
  private Maps() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> at(Map<String, Object> root, String... keys) {
    Map<String, Object> cur = root;
    for (String k : keys) {
      cur = (Map<String, Object>) cur.computeIfAbsent(k, x -> new LinkedHashMap<String, Object>());
    }
    return cur;
  }
}
