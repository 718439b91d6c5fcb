package io.costcred.operator.runtime;

import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.rotation.RotationObserver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import okhttp3.OkHttpClient;

/** Gives tests in other packages the package-private webhook notifier. */
public final class WebhookNotifierAccess {
  private final KubernetesClient client;

  public WebhookNotifierAccess(KubernetesClient client) {
    this.client = client;
  }

  public RotationObserver observer() {
    return new WebhookNotifier(
        client, new OkHttpClient(), EgressPolicy.of(List.of("http://127.0.0.1:*")));
  }
}
