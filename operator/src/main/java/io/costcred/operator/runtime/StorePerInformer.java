package io.costcred.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ResolvedControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A controller configuration whose informers each get a store of their own.
 *
 * <p>JOSDK 5.2 reads the informer configuration's item store once per informer it starts (one per
 * watched namespace, or one for all), and {@code withItemStore} can only name one instance: every
 * namespace's informer would then fill, and on its re-list prune, the same store, and each would
 * remove the others' objects. This configuration is the resolved one with a single change: its
 * informer configuration answers {@link InformerConfiguration#getItemStore()} with a new store from
 * {@code stores} at every call.
 */
final class StorePerInformer<P extends HasMetadata> extends ResolvedControllerConfiguration<P> {
  private final InformerConfiguration<P> informers;

  /** {@code resolved}: the controller's configuration, every override applied. */
  StorePerInformer(ControllerConfiguration<P> resolved, Supplier<ItemStore<P>> stores) {
    super(resolved);
    this.informers = new Informers<>(resolved.getInformerConfig(), stores);
  }

  @Override
  public InformerConfiguration<P> getInformerConfig() {
    // The super constructor asks for it before this class's field is set: the original answers.
    return informers != null ? informers : super.getInformerConfig();
  }

  /** The original informer configuration, but a new store for each informer. */
  private static final class Informers<P extends HasMetadata> extends InformerConfiguration<P> {
    private final Supplier<ItemStore<P>> stores;

    Informers(InformerConfiguration<P> original, Supplier<ItemStore<P>> stores) {
      super(
          original.getResourceClass(),
          original.getName(),
          original.getNamespaces(),
          original.getFollowControllerNamespaceChanges(),
          original.getLabelSelector(),
          original.getOnAddFilter(),
          original.getOnUpdateFilter(),
          original.getOnDeleteFilter(),
          original.getGenericFilter(),
          null,
          original.getInformerListLimit(),
          original.getFieldSelector());
      this.stores = Objects.requireNonNull(stores, "stores");
    }

    @Override
    public ItemStore<P> getItemStore() {
      return stores.get();
    }
  }
}
