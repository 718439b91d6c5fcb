package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The packed stores of the CostCredential controller's informers (one for all namespaces, or one
 * per watched namespace), sharing one {@link CredentialPacker}; {@link PrimaryIndex} looks up
 * through their own indexes ({@link PackedCredentialStore#byIndex}).
 */
public final class PackedStores {
  private final List<PackedCredentialStore> stores = new CopyOnWriteArrayList<>();
  private final CredentialPacker packer;

  public PackedStores(KubernetesSerialization serialization) {
    this.packer = new CredentialPacker(serialization);
  }

  /** A new store for an informer, looked up from now on. */
  public PackedCredentialStore newStore() {
    var store = new PackedCredentialStore(packer);
    stores.add(store);
    return store;
  }

  /** How many CostCredentials each store holds. */
  public List<Integer> sizes() {
    return stores.stream().map(PackedCredentialStore::size).toList();
  }

  /** The CostCredentials under {@code key} of {@code index}, from every store. */
  Stream<CostCredential> byIndex(String index, String key) {
    return stores.stream().flatMap(s -> s.byIndex(index, key));
  }
}
