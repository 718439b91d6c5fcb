package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.costcred.operator.api.v1alpha1.ConnectionRef;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import io.costcred.operator.api.v1alpha1.NotificationSpec;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VaultStoreSpec;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.costcred.testsupport.LeakScan;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator as in production (JOSDK, real API server) with a CostCredential that fails for good
 * (a connection nobody created): its own webhook and an admin route each get exactly one
 * RotationFailed, whatever the reconciles that follow; no URL reaches the log.
 */
class NotificationsIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();

  @Test
  void aPermanentFailureIsToldOnceToTheTenantAndToTheAdminRoute() throws Exception {
    Map<String, List<String>> received =
        Map.of(
            "/tenant-secret-path",
            new CopyOnWriteArrayList<>(),
            "/admin-secret-path",
            new CopyOnWriteArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (var e : received.entrySet()) {
      server.createContext(
          e.getKey(),
          ex -> {
            e.getValue()
                .add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
          });
    }
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path config = Files.createTempFile("notifications", ".yaml");
    try (Harness h = RealCluster.harness(cluster.admin(), "notify")) {
      String ns = h.namespace;
      secret(h, "tenant-hook", base + "/tenant-secret-path");
      secret(h, "admin-hook", base + "/admin-secret-path");
      Files.writeString(
          config,
          "routes:\n  - name: platform\n    namespaces: ["
              + ns
              + "]\n    format: Slack\n"
              + "    webhookUrlSecretRef: {name: admin-hook}\n");
      h.pool("finfocus-vantage-pool", Map.of("1", h.issue("one")));
      h.apply(
          Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
              .replace("https://api.vantage.sh", h.vantage.baseUrl().toString()));
      CostCredential cr = h.get("finfocus-vantage");
      StoreSpec store = new StoreSpec();
      VaultStoreSpec vault = new VaultStoreSpec();
      vault.setConnectionRef(new ConnectionRef(null, "missing"));
      vault.setPath("teams/x/vantage");
      store.setVault(vault);
      cr.getSpec().getStores().add(store);
      NotificationSpec n = new NotificationSpec();
      n.setWebhookUrlSecretRef(new SecretKeyRef("tenant-hook", "url"));
      n.setFormat(NotificationFormat.Generic);
      cr.getSpec().setNotification(n);
      h.client.resource(cr).update();

      OperatorSettings settings = OperatorSettingsAccess.production(ns, List.of(ns));
      OperatorSettingsAccess.noLeaderElection(settings);
      settings.notificationsConfig = config.toString();
      try (OperatorApp app =
          new OperatorApp(h.client, settings, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> received.values().stream().allMatch(l -> !l.isEmpty()));
        h.annotate("finfocus-vantage", "example.com/poke", "1"); // more reconciles, same failure
        Thread.sleep(15_000);
      }
      List<String> tenant = received.get("/tenant-secret-path");
      assertThat(tenant).hasSize(1);
      var body = new ObjectMapper().readTree(tenant.get(0));
      assertThat(body.get("event").asText()).isEqualTo("RotationFailed");
      assertThat(body.get("reason").asText()).isEqualTo("ConnectionNotFound");
      assertThat(body.at("/credential/namespace").asText()).isEqualTo(ns);
      List<String> admin = received.get("/admin-secret-path");
      assertThat(admin).hasSize(1);
      assertThat(admin.get(0)).contains("\"blocks\"", "rotation failing");
      LeakScan.assertNoSecrets(
          "log", LeakScan.log(), List.of("tenant-secret-path", "admin-secret-path"));
    } finally {
      server.stop(0);
      Files.deleteIfExists(config);
    }
  }

  private static void secret(Harness h, String name, String url) {
    h.client
        .secrets()
        .inNamespace(h.namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData("url", url)
                .build())
        .create();
  }
}
