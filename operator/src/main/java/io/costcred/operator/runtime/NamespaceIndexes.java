package io.costcred.operator.runtime;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops fabric8's default namespace index from the informers JOSDK started.
 *
 * <p>Every fabric8 informer cache indexes its objects by namespace (a set of "namespace/name" keys
 * per namespace) for {@code Lister}, which nothing here uses: JOSDK lists a namespace by filtering
 * the cache, the operator's stores index what they need themselves, and the CostCredential cache's
 * own indexes ({@code PrimaryIndex}) stay. The index costs one set entry per cached object, and its
 * own key string for the workload records; fabric8 offers {@link
 * SharedIndexInformer#removeNamespaceIndex()} for this, but JOSDK 5.2 keeps each informer in a
 * private field of its package-private {@code InformerWrapper}, read here by reflection. When no
 * such field is there (another JOSDK), the indexes stay and one warning says so: memory, not
 * correctness.
 *
 * <p>Called once after {@link Operator#start()}, which starts every controller's informers on every
 * replica (leader election only holds back event processing); the operator watches a fixed set of
 * namespaces, so no informer starts later.
 */
final class NamespaceIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceIndexes.class);

  private static volatile boolean warned;

  private NamespaceIndexes() {}

  /** Removes the namespace index of every informer of every controller; returns how many. */
  static int drop(Operator operator) {
    int dropped = 0;
    for (SharedIndexInformer<?> informer : informers(operator)) {
      if (drop(informer)) {
        dropped++;
      }
    }
    return dropped;
  }

  /** The index names of every informer of every controller, in no particular order. */
  static List<Set<String>> indexNames(Operator operator) {
    return informers(operator).stream()
        .map(i -> Set.copyOf(i.getIndexer().getIndexers().keySet()))
        .toList();
  }

  /** Removes the namespace index of one informer; false if it has none. */
  static boolean drop(SharedIndexInformer<?> informer) {
    if (!informer.getIndexer().getIndexers().containsKey(Cache.NAMESPACE_INDEX)) {
      return false;
    }
    informer.removeNamespaceIndex();
    return true;
  }

  private static List<SharedIndexInformer<?>> informers(Operator operator) {
    List<SharedIndexInformer<?>> out = new ArrayList<>();
    for (var controller : operator.getRegisteredControllers()) {
      for (InformerWrappingEventSourceHealthIndicator<?> source :
          controller.getControllerHealthInfo().informerEventSourceHealthIndicators().values()) {
        for (InformerHealthIndicator wrapper : source.informerHealthIndicators().values()) {
          informerOf(wrapper).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The fabric8 informer a JOSDK wrapper holds, if a field of that type is there. */
  static Optional<SharedIndexInformer<?>> informerOf(Object wrapper) {
    for (Class<?> c = wrapper.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (SharedIndexInformer.class.isAssignableFrom(f.getType())
            && !Modifier.isStatic(f.getModifiers())) {
          try {
            f.setAccessible(true);
            return Optional.ofNullable((SharedIndexInformer<?>) f.get(wrapper));
          } catch (IllegalAccessException | RuntimeException e) {
            warnOnce(wrapper, e.toString());
            return Optional.empty();
          }
        }
      }
    }
    warnOnce(wrapper, "no informer field");
    return Optional.empty();
  }

  private static void warnOnce(Object wrapper, String why) {
    if (!warned) {
      warned = true;
      LOG.warn(
          "informer caches keep their namespace index ({} changed: {}); memory, not correctness",
          wrapper.getClass().getName(),
          why);
    }
  }
}
