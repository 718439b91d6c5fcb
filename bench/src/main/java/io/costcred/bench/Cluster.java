package io.costcred.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bench's own local control plane (hack/cluster.sh with its own state dir), an admin client,
 * and the API server's request counters.
 */
final class Cluster implements AutoCloseable {
  private static final List<String> READ_VERBS = List.of("GET", "LIST", "WATCH", "CONNECT");
  private final Path repo;
  private final Path dir;
  private final boolean keep;
  private KubernetesClient client;

  Cluster(Path repo, Path dir, boolean keep) {
    this.repo = repo;
    this.dir = dir;
    this.keep = keep;
  }

  /** Starts the cluster (fresh unless reuse), returns the admin client. */
  KubernetesClient start(boolean reuse) throws IOException, InterruptedException {
    if (!reuse) {
      script("stop"); // a stopped cluster is wiped by start: fresh etcd
    }
    script("start");
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(256);
    config.setRequestTimeout(60_000);
    config.setConnectionTimeout(10_000);
    client = new KubernetesClientBuilder().withConfig(config).build();
    return client;
  }

  Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  private void script(String command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", repo.resolve("hack/cluster.sh").toString(), command);
    pb.environment().put("COSTCRED_CLUSTER_DIR", dir.toString());
    // The restart phase runs a one-replica Deployment per managed object, up to 2 x 5,000 pods
    // plus a surge pod each: far beyond the kubelet default of 110 per node.
    pb.environment().put("COSTCRED_NODE_PODS", "15000");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    int rc = pb.start().waitFor();
    if (rc != 0 && !"stop".equals(command)) {
      throw new IOException("hack/cluster.sh " + command + " failed with exit code " + rc);
    }
  }

  /** Pid of a component (etcd, kube-apiserver, ...) or -1. */
  long pid(String component) {
    try {
      return Long.parseLong(Files.readString(dir.resolve("run/" + component + ".pid")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  String version() {
    return client.getKubernetesVersion().getGitVersion();
  }

  /** apiserver_request_total by "VERB resource[/subresource]", writes only (not GET/LIST/WATCH). */
  Map<String, Double> writeCounts() {
    String text = client.raw("/metrics");
    PromText p = PromText.parse(text, "apiserver_request_total"::equals);
    Map<String, Double> out = new TreeMap<>();
    for (PromText.Sample s : p.samples()) {
      String verb = s.label("verb");
      if (READ_VERBS.contains(verb)) {
        continue;
      }
      String res =
          s.label("resource")
              + (s.label("subresource").isEmpty() ? "" : "/" + s.label("subresource"));
      out.merge(verb + " " + res, s.value(), Double::sum);
    }
    return out;
  }

  /** apiserver_request_total by verb, all verbs. */
  Map<String, Double> requestCountsByVerb() {
    String text = client.raw("/metrics");
    PromText p = PromText.parse(text, "apiserver_request_total"::equals);
    Map<String, Double> out = new TreeMap<>();
    for (PromText.Sample s : p.samples()) {
      String res =
          s.label("resource")
              + (s.label("subresource").isEmpty() ? "" : "/" + s.label("subresource"));
      out.merge(s.label("verb") + " " + res, s.value(), Double::sum);
    }
    return out;
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          double diff = v - before.getOrDefault(k, 0.0);
          if (diff > 0) {
            d.put(k, diff);
          }
        });
    return d;
  }

  /** CPU seconds of the control-plane processes, for "where the time goes". */
  Map<String, Double> cpu() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String c :
        List.of("kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler", "kwok")) {
      m.put(c, SystemProbe.cpuSeconds(pid(c)));
    }
    return m;
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (!keep) {
      try {
        script("stop");
      } catch (IOException e) {
        Bench.log("could not stop the cluster: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
