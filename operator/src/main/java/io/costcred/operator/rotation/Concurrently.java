package io.costcred.operator.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one idempotent side effect per item at once (store writes, restart patches) and reports each
 * item's outcome; the first item runs on the calling thread, the rest on a shared pool of daemon
 * threads, so a rotation's latency is its slowest item, not the sum.
 */
final class Concurrently {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "costcred-effect-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private Concurrently() {}

  /** One item's outcome: its value, or why it failed. */
  record Outcome<T, R>(T item, R value, RuntimeException failure) {}

  static <T, R> List<Outcome<T, R>> run(List<T> items, Function<T, R> effect) {
    List<Future<R>> others = new ArrayList<>();
    for (T item : items.subList(Math.min(1, items.size()), items.size())) {
      others.add(POOL.submit(() -> effect.apply(item)));
    }
    List<Outcome<T, R>> outcomes = new ArrayList<>();
    if (!items.isEmpty()) {
      outcomes.add(attempt(items.get(0), () -> effect.apply(items.get(0))));
    }
    for (int i = 0; i < others.size(); i++) {
      Future<R> f = others.get(i);
      outcomes.add(attempt(items.get(i + 1), () -> join(f)));
    }
    return outcomes;
  }

  /** The first failure in item order, thrown after every item has finished. */
  static <T, R> void throwFirstFailure(List<Outcome<T, R>> outcomes) {
    for (Outcome<T, R> o : outcomes) {
      if (o.failure() != null) {
        throw o.failure();
      }
    }
  }

  private static <T, R> Outcome<T, R> attempt(T item, java.util.function.Supplier<R> effect) {
    try {
      return new Outcome<>(item, effect.get(), null);
    } catch (RuntimeException e) {
      return new Outcome<>(item, null, e);
    }
  }

  private static <R> R join(Future<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a side effect", e);
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
