package io.costcred.operator.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.rotation.StepHook;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The operator process. */
@Command(
    name = "costcred-operator",
    mixinStandardHelpOptions = true,
    description = "Rotates cost-management credentials and keeps every copy current.")
public final class Main implements Callable<Integer> {
  static {
    // Before the first logger: no log level may print what the HTTP clients carry.
    QuietTransports.pin();
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  @Mixin private final OperatorSettings settings = new OperatorSettings();

  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    commonPoolAtLeastTwo();
    System.exit(
        new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  /**
   * With 2 CPUs or fewer (a pod limit of 2 cores counts) the common pool has parallelism 1, and
   * CompletableFuture then starts a new thread for every async task. The JDK HTTP client under
   * fabric8 runs its dependent tasks there: about two new threads per Kubernetes request. Must run
   * before anything touches ForkJoinPool; an explicit -D setting wins.
   */
  static void commonPoolAtLeastTwo() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /**
   * Reads every object without {@code metadata.managedFields}. The operator never uses them, and
   * each status write adds a field tree (one nested map per status field) to every cached
   * CostCredential: at 10,000 credentials that was most of the heap. An update sent without
   * managedFields keeps the stored ones; server-side apply must not send them anyway.
   */
  static KubernetesSerialization withoutManagedFields() {
    return new KubernetesSerialization(mapperWithoutManagedFields(), true);
  }

  /**
   * A fresh mapper that reads objects without {@code metadata.managedFields}, and this API's
   * objects with their strings shared ({@link SharedStrings}).
   */
  static ObjectMapper mapperWithoutManagedFields() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.addMixIn(ObjectMeta.class, IgnoreManagedFields.class);
    mapper.registerModule(SharedStrings.module());
    return mapper;
  }

  @JsonIgnoreProperties({"managedFields"})
  private abstract static class IgnoreManagedFields {}

  /** Crash tests run the real process and stop it dead at a named step, as SIGKILL would. */
  private static StepHook failpoint(OperatorSettings s) {
    if (s.failpoint == null || s.failpoint.isBlank()) {
      return StepHook.NONE;
    }
    LOG.warn("failpoint armed at step {}: testing only", s.failpoint);
    return step -> {
      if (step.equals(s.failpoint)) {
        LOG.warn("failpoint {} reached: halting", step);
        Runtime.getRuntime().halt(137);
      }
    };
  }

  @Override
  public Integer call() throws Exception {
    Logging.use(settings.logFormat);
    settings.checkLeaseTimings();
    // Before any TLS context or WebSocket exists: each reads its sizes when it is created.
    Map<String, String> netSizes = JdkNetDefaults.apply();
    LOG.debug("JDK networking sizes: {}", netSizes);
    KubernetesClient client =
        new KubernetesClientBuilder().withKubernetesSerialization(withoutManagedFields()).build();
    OperatorApp app = new OperatorApp(client, settings, Clock.systemUTC(), failpoint(settings));
    HealthServer health =
        new HealthServer(
            new InetSocketAddress(settings.httpBind, settings.httpPort),
            app::isLive,
            app::isReady,
            app.registry());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down; letting running steps finish");
                  app.close();
                  health.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    app.start();
    LOG.info("costcred-operator started; health and metrics on port {}", health.port());
    stopped.await();
    return 0;
  }
}
