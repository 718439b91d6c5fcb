package io.costcred.operator.rotation;

import io.costcred.operator.core.Credential;
import io.costcred.operator.store.CredentialStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writes a token to every store at once instead of one after another: an emergency's new token
 * reaches the slowest store after that store's own latency, not after the sum of all of them. Every
 * store write is idempotent for a rotation id (Kubernetes update, Vault check-and-set against the
 * version read, Secrets Manager ClientRequestToken), so a crash in the middle leaves nothing a
 * re-run cannot finish. The first store is written on the calling thread.
 */
final class ParallelPublish {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "costcred-publish-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private ParallelPublish() {}

  /** One store's outcome: the version written, or why it failed. */
  record Outcome(CredentialStore store, String version, RuntimeException failure) {}

  static List<Outcome> publish(
      List<CredentialStore> stores, String rotationId, Credential credential, String fp) {
    List<Future<String>> others = new ArrayList<>();
    for (CredentialStore store : stores.subList(Math.min(1, stores.size()), stores.size())) {
      others.add(POOL.submit(() -> store.publish(rotationId, credential, fp)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    if (!stores.isEmpty()) {
      outcomes.add(attempt(stores.get(0), () -> stores.get(0).publish(rotationId, credential, fp)));
    }
    for (int i = 0; i < others.size(); i++) {
      Future<String> f = others.get(i);
      outcomes.add(attempt(stores.get(i + 1), () -> join(f)));
    }
    return outcomes;
  }

  private static Outcome attempt(CredentialStore store, Supplier<String> write) {
    try {
      return new Outcome(store, write.get(), null);
    } catch (RuntimeException e) {
      return new Outcome(store, null, e);
    }
  }

  private static String join(Future<String> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
