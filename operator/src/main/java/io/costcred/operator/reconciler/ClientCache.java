package io.costcred.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client (a logged-in Vault session, an AWS SDK client set) per CostCredential and
 * destination while its spec stays the same, so a reconcile does not log in again; a changed spec
 * closes the old one.
 */
final class ClientCache {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCache.class);
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(String specHash, Object client) {}

  @SuppressWarnings("unchecked")
  <T> T get(String owner, String destination, Object spec, Supplier<T> create) {
    String key = owner + "|" + destination;
    String hash = Integer.toHexString(Serialization.asJson(spec).hashCode());
    Entry e =
        entries.compute(
            key,
            (k, old) -> {
              if (old != null && old.specHash().equals(hash)) {
                return old;
              }
              if (old != null) {
                close(old.client());
              }
              return new Entry(hash, create.get());
            });
    return (T) e.client();
  }

  /** Closes every client of a deleted CostCredential. */
  void forget(String owner) {
    entries
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().startsWith(owner + "|")) {
                close(e.getValue().client());
                return true;
              }
              return false;
            });
  }

  private static void close(Object client) {
    if (client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ex) {
        LOG.debug("closing a cached client failed: {}", ex.getClass().getSimpleName());
      }
    }
  }
}
