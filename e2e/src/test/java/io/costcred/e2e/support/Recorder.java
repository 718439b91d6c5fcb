package io.costcred.e2e.support;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every version of the CostCredential and every ReplicaSet creation as the API server
 * streams them, to check the order of steps afterwards.
 */
public final class Recorder implements AutoCloseable {
  /** A ReplicaSet as created, with the resourceVersion of its creation. */
  public record NewReplicaSet(long resourceVersion, ReplicaSet replicaSet) {}

  public final List<Cr> versions = new CopyOnWriteArrayList<>();
  public final List<NewReplicaSet> replicaSets = new CopyOnWriteArrayList<>();
  private final Watch crWatch;
  private final Watch rsWatch;

  public Recorder(E2eEnv env) {
    crWatch =
        env.crResource()
            .withName(E2eEnv.NAME)
            .watch(
                new Quiet<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource r) {
                    versions.add(Cr.of(r));
                  }
                });
    rsWatch =
        env.admin
            .apps()
            .replicaSets()
            .inNamespace(env.namespace)
            .watch(
                new Quiet<>() {
                  @Override
                  public void eventReceived(Action action, ReplicaSet rs) {
                    if (action == Action.ADDED) {
                      long rv = Long.parseLong(rs.getMetadata().getResourceVersion());
                      replicaSets.add(new NewReplicaSet(rv, rs));
                    }
                  }
                });
  }

  @Override
  public void close() {
    crWatch.close();
    rsWatch.close();
  }

  private abstract static class Quiet<T> implements Watcher<T> {
    @Override
    public void onClose(WatcherException cause) {}
  }
}
