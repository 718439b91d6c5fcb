package io.costcred.operator.runtime;

import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.notify.NotificationsConfig;
import io.costcred.operator.notify.Notifier;
import io.costcred.operator.rotation.RotationObserver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** Gives tests in other packages the notifier as the operator wires it (no admin routes). */
public final class WebhookNotifierAccess {
  private final KubernetesClient client;

  public WebhookNotifierAccess(KubernetesClient client) {
    this.client = client;
  }

  public RotationObserver observer() {
    return Notifier.create(
        client,
        new OkHttpClient(),
        EgressPolicy.of(List.of("http://127.0.0.1:*")),
        ns -> Map.of(),
        NotificationsConfig.defaults(),
        "costcred-system",
        Clock.systemUTC(),
        new SimpleMeterRegistry());
  }
}
