package io.costcred.bench;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One restart-latency sample, measured the same way for Reloader and the operator: watches on the
 * Secret and on the Deployment (opened at the resourceVersion of a list taken before the trigger),
 * the clock read when the watch delivers the first event in which the Secret's data differs, and
 * again when it delivers the first event in which the Deployment's pod template differs. Both
 * events travel the same path (API server to the bench's watch), so their difference is the time
 * from the Secret write to the template change as the API server saw them, give or take the watch
 * delivery jitter of each.
 */
final class RestartSample {
  /** Milliseconds from the trigger to the new Secret data and from there to the new template. */
  record Result(double triggerToSecretMs, double secretToTemplateMs) {}

  private RestartSample() {}

  /** Runs {@code trigger} and waits for both changes; null when one did not come in time. */
  static Result measure(
      KubernetesClient client,
      String ns,
      String secret,
      String deployment,
      Runnable trigger,
      Duration timeout)
      throws InterruptedException {
    // Listed, not read: a watch from the object's own resourceVersion fails with 410 Gone once
    // more writes of its kind than the API server's watch cache holds came after it (every
    // sample timed out at 1,000 objects); the list's resourceVersion is current.
    SecretList secrets = client.secrets().inNamespace(ns).withField("metadata.name", secret).list();
    DeploymentList deployments =
        client.apps().deployments().inNamespace(ns).withField("metadata.name", deployment).list();
    if (secrets.getItems().size() != 1 || deployments.getItems().size() != 1) {
      throw new IllegalStateException("missing " + ns + "/" + secret + " or its Deployment");
    }
    Secret s0 = secrets.getItems().get(0);
    Deployment d0 = deployments.getItems().get(0);
    String data0 = Serialization.asJson(s0.getData());
    String template0 = Serialization.asJson(d0.getSpec().getTemplate());
    AtomicLong secretAt = new AtomicLong();
    AtomicLong templateAt = new AtomicLong();
    CountDownLatch both = new CountDownLatch(2);
    try (Watch ws =
            client
                .secrets()
                .inNamespace(ns)
                .withField("metadata.name", secret)
                .watch(
                    options(secrets.getMetadata().getResourceVersion()),
                    first(secretAt, both, x -> Serialization.asJson(x.getData()), data0));
        Watch wd =
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withField("metadata.name", deployment)
                .watch(
                    options(deployments.getMetadata().getResourceVersion()),
                    first(
                        templateAt,
                        both,
                        x -> Serialization.asJson(x.getSpec().getTemplate()),
                        template0))) {
      long t0 = System.nanoTime();
      trigger.run();
      if (!both.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return null;
      }
      return new Result((secretAt.get() - t0) / 1e6, (templateAt.get() - secretAt.get()) / 1e6);
    }
  }

  private static io.fabric8.kubernetes.api.model.ListOptions options(String resourceVersion) {
    return new ListOptionsBuilder().withResourceVersion(resourceVersion).build();
  }

  private static <T> Watcher<T> first(
      AtomicLong at, CountDownLatch done, Function<T, String> view, String before) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        if (action == Action.MODIFIED
            && !Objects.equals(view.apply(resource), before)
            && at.compareAndSet(0, System.nanoTime())) {
          done.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // the sample times out if a watch closes before its change
      }
    };
  }
}
