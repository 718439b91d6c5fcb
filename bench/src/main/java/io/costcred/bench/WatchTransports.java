package io.costcred.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's two watch transports side by side on a cluster (decision D57): N watches of ConfigMaps
 * in one namespace over WebSockets (the operator's) and over streaming GETs ({@code
 * onlyHttpWatches}, multiplexed by the JDK client on one HTTP/2 connection); for each, how many
 * watches closed with an error, and whether every watch received a ConfigMap whose annotation is
 * multi-byte UTF-8 intact. Run against the local cluster: {@code java -cp
 * bench/target/costcred-bench.jar io.costcred.bench.WatchTransports KUBECONFIG 20,110}.
 */
final class WatchTransports {
  private static final String NAMESPACE = "bench-watch-transports";

  private WatchTransports() {}

  /** One transport at one number of watches. */
  record Outcome(
      String transport,
      int watches,
      int failedToOpen,
      int closedWithError,
      int receivedIntact,
      String write) {}

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  static Outcome measure(Config base, boolean http, int n, String text) throws Exception {
    Config config = new ConfigBuilder(base).withOnlyHttpWatches(http).build();
    try (KubernetesClient k = new KubernetesClientBuilder().withConfig(config).build()) {
      if (k.namespaces().withName(NAMESPACE).get() == null) {
        k.namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
            .create();
      }
      String label = "t" + System.nanoTime();
      AtomicInteger closed = new AtomicInteger();
      AtomicInteger intact = new AtomicInteger();
      List<Watch> watches = new ArrayList<>();
      int failedToOpen = 0;
      for (int i = 0; i < n; i++) {
        try {
          watches.add(
              k.configMaps()
                  .inNamespace(NAMESPACE)
                  .withLabel("run", label)
                  .watch(
                      new Watcher<ConfigMap>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap cm) {
                          if (text.equals(cm.getMetadata().getAnnotations().get("note"))) {
                            intact.incrementAndGet();
                          }
                        }

                        @Override
                        public void onClose(WatcherException e) {
                          closed.incrementAndGet();
                        }
                      }));
        } catch (KubernetesClientException e) {
          failedToOpen++;
        }
      }
      Thread.sleep(2_000);
      ConfigMap cm =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(label)
              .withLabels(Map.of("run", label))
              .withAnnotations(Map.of("note", text))
              .endMetadata()
              .build();
      String write = "done";
      try {
        k.configMaps().inNamespace(NAMESPACE).resource(cm).create();
        Thread.sleep(5_000);
      } catch (KubernetesClientException e) {
        write = "failed: " + rootMessage(e);
      }
      watches.forEach(Watch::close);
      if (write.equals("done")) {
        k.configMaps().inNamespace(NAMESPACE).withName(label).delete();
      }
      return new Outcome(
          http ? "streaming GET" : "WebSocket", n, failedToOpen, closed.get(), intact.get(), write);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: WatchTransports KUBECONFIG N[,N...]");
      System.exit(2);
    }
    Config base = Config.fromKubeconfig(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    while (text.toString().getBytes(StandardCharsets.UTF_8).length < 20_000) {
      text.append("é€😀ß中");
    }
    List<Outcome> rows = new ArrayList<>();
    for (String n : args[1].split(",")) {
      for (boolean http : new boolean[] {false, true}) {
        rows.add(measure(base, http, Integer.parseInt(n.trim()), text.toString()));
      }
    }
    System.out.println(
        "| transport | watches | failed to open | closed with an error | received the text intact"
            + " | the ConfigMap's create, same client |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    rows.forEach(
        o ->
            System.out.printf(
                "| %s | %d | %d | %d | %d | %s |%n",
                o.transport(),
                o.watches(),
                o.failedToOpen(),
                o.closedWithError(),
                o.receivedIntact(),
                o.write()));
  }
}
