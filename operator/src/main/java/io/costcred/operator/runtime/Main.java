package io.costcred.operator.runtime;

import io.costcred.operator.rotation.StepHook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
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
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  @Mixin private final OperatorSettings settings = new OperatorSettings();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

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
    KubernetesClient client = new KubernetesClientBuilder().build();
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
