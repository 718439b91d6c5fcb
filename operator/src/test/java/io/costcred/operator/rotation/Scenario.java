package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The seed scenario from config/samples, applied to a harness, with helpers to drive it. */
final class Scenario {
  static final String NAME = "finfocus-vantage";
  static final String POOL = "finfocus-vantage-pool";
  final Harness h;
  final String first;
  final String second;
  final String third;

  Scenario(Harness h) throws Exception {
    this.h = h;
    h.installCrd();
    first = h.issue("finfocus-production-1");
    second = h.issue("finfocus-production-2");
    third = h.issue("finfocus-production-3");
    h.pool(POOL, Map.of("01-first", first, "02-second", second, "03-third", third));
    String consumers =
        Files.readString(Path.of("../config/samples/finfocus-vantage-consumers.yaml"));
    for (String doc : consumers.split("(?m)^---$")) {
      HasMetadata r = Serialization.unmarshal(doc);
      if (r instanceof io.fabric8.kubernetes.api.model.apps.Deployment) {
        h.deployment(r.getMetadata().getName(), 2);
      } else {
        if (h.simulateControllers
            && r instanceof io.fabric8.kubernetes.api.model.Secret secret
            && secret.getStringData() != null) {
          // The mock server does not fold stringData into data as a real API server does.
          secret.setData(new java.util.HashMap<>());
          secret.getStringData().forEach((k, v) -> secret.getData().put(k, Harness.b64(v)));
          secret.setStringData(null);
        }
        r.getMetadata().setNamespace(h.namespace);
        h.client.resource(r).inNamespace(h.namespace).create();
      }
    }
    String sample =
        Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
            .replace("https://api.vantage.sh", h.vantage.baseUrl().toString());
    h.apply(sample);
  }

  CostCredential cr() {
    return h.get(NAME);
  }

  /** Reconciles until no rotation runs, playing the Deployment controller between passes. */
  Duration settle(RotationEngine engine) {
    Duration last = null;
    int passes = h.simulateControllers ? 20 : 240;
    for (int i = 0; i < passes; i++) {
      last = engine.reconcile(cr());
      h.finishRollout(NAME);
      if (cr().getStatus().getRotation() == null) {
        return engine.reconcile(cr());
      }
      if (!h.simulateControllers) {
        pause(); // the real controllers roll the Deployment out meanwhile
      }
    }
    return last;
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String servedToken() {
    return h.secretValue(NAME, "token");
  }

  List<String> ledgerKeys() {
    return List.copyOf(h.secretData(NAME + "-costcred-tokens").keySet());
  }
}
