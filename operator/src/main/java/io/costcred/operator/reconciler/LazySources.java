package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event sources started only when a scope first needs them (decision D60): the watches of kinds
 * most namespaces never have (StatefulSets, DaemonSets, Jobs, Argo Rollouts, CredentialConnections)
 * cost a watch connection each per watched namespace (~50 KB: the TLS and WebSocket buffers of the
 * JDK's client, measured in issue 14's heap dumps) whether or not the namespace has one. A scope
 * wants a kind when a CostCredential there names a restart target or a connection of that kind, or
 * when consumer discovery finds a Pod or a ReplicaSet owned by one ({@link #want}); the reconciler
 * starts what is wanted on its own thread through JOSDK's dynamic registration ({@link
 * #startWanted}), so a source is listed and synced before the reconcile that needed it goes on.
 * Once started, a source stays for the operator's life.
 */
final class LazySources {
  private static final Logger LOG = LoggerFactory.getLogger(LazySources.class);

  private record Key(String kind, String scope) {}

  /** A source not started yet: how to build it, and what to do once it runs. */
  private static final class Pending {
    final Function<EventSourceContext<CostCredential>, EventSource<?, CostCredential>> build;
    final Consumer<EventSource<?, CostCredential>> started;
    EventSource<?, CostCredential> built;
    volatile boolean running;

    Pending(
        Function<EventSourceContext<CostCredential>, EventSource<?, CostCredential>> build,
        Consumer<EventSource<?, CostCredential>> started) {
      this.build = build;
      this.started = started;
    }
  }

  private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
  private final Set<Key> wanted = ConcurrentHashMap.newKeySet();

  /** A source of {@code kind} for {@code scope}, to start once wanted. */
  void add(
      String kind,
      String scope,
      Function<EventSourceContext<CostCredential>, EventSource<?, CostCredential>> build,
      Consumer<EventSource<?, CostCredential>> started) {
    pending.put(new Key(kind, scope), new Pending(build, started));
  }

  /** Marks the source of {@code kind} for {@code scope} wanted, if there is one not running. */
  void want(String kind, String scope) {
    Key key = new Key(kind, scope);
    Pending p = pending.get(key);
    if (p != null && !p.running) {
      wanted.add(key);
    }
  }

  /** True when there is a wanted source to start. */
  boolean anyWanted() {
    return !wanted.isEmpty();
  }

  /**
   * Starts every wanted source (blocking until each has listed); a source that fails to start stays
   * wanted and the failure is thrown, so the reconcile backs off and tries again.
   */
  void startWanted(EventSourceRetriever<CostCredential> retriever) {
    for (Key key : Set.copyOf(wanted)) {
      Pending p = pending.get(key);
      synchronized (p) {
        if (!p.running) {
          if (p.built == null) {
            p.built = p.build.apply(retriever.eventSourceContextForDynamicRegistration());
          }
          LOG.info("starting the {} watch of {}", key.kind(), scopeName(key.scope()));
          retriever.dynamicallyRegisterEventSource(p.built);
          p.started.accept(p.built);
          p.running = true;
        }
      }
      wanted.remove(key);
    }
  }

  /** True when the source of {@code kind} for {@code scope} runs (or was never lazy). */
  boolean running(String kind, String scope) {
    Pending p = pending.get(new Key(kind, scope));
    return p == null || p.running;
  }

  /** How many lazy sources run, and how many wait to be wanted. */
  int[] counts() {
    int running = 0;
    for (Pending p : pending.values()) {
      if (p.running) {
        running++;
      }
    }
    return new int[] {running, pending.size() - running};
  }

  private static String scopeName(String scope) {
    return scope.isEmpty() ? "all namespaces" : "namespace " + scope;
  }
}
