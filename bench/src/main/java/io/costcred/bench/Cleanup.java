package io.costcred.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the bench started (cluster, peers, operator), stopped in reverse order on close, and
 * by a JVM shutdown hook when the bench is interrupted (Ctrl-C, SIGTERM) or fails on the way.
 */
final class Cleanup implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Thread hook = new Thread(this::closeAll, "bench-cleanup");

  Cleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers a resource to stop; returns it. */
  synchronized <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public void close() {
    closeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down: the hook runs (or ran) closeAll, which is idempotent
    }
  }

  private synchronized void closeAll() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        Bench.log("cleanup: " + e);
      }
    }
  }
}
