package io.costcred.operator.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.runtime.OperatorMetrics;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.MotoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** IAM, STS and Secrets Manager calls are counted and timed by operation and status (moto). */
class AwsRequestMetricsTest {
  @Test
  void everyServiceIsCountedByOperationAndStatusWithoutValues() {
    MotoServer moto = MotoServer.shared();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry, Clock.systemUTC());
    String user = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "value-" + UUID.randomUUID();
    String keySecret;
    try (AwsClients clients = new AwsClients(SmAdmin.connection(moto.endpoint()), metrics)) {
      clients.iam().createUser(b -> b.userName(user));
      keySecret =
          clients.iam().createAccessKey(b -> b.userName(user)).accessKey().secretAccessKey();
      clients.sts().getCallerIdentity();
      clients.secretsManager().createSecret(b -> b.name(user).secretString(secret));
      assertThatThrownBy(() -> clients.iam().getUser(b -> b.userName(user + "-missing")))
          .isInstanceOf(RuntimeException.class);
    }
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("operation=\"CreateAccessKey\",outcome=\"200\",provider=\"iam\"")
        .contains("operation=\"GetUser\",outcome=\"404\",provider=\"iam\"")
        .contains("operation=\"GetCallerIdentity\",outcome=\"200\",provider=\"sts\"")
        .contains("operation=\"CreateSecret\",outcome=\"200\",provider=\"secretsmanager\"");
    LeakScan.assertNoSecrets("scrape", scrape, List.of(secret, keySecret, user));
  }

  @Test
  void aRefusedConnectionCountsAsIoError() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry, Clock.systemUTC());
    try (AwsClients clients =
        new AwsClients(SmAdmin.connection(URI.create("http://127.0.0.1:9")), metrics)) {
      assertThatThrownBy(() -> clients.sts().getCallerIdentity())
          .isInstanceOf(RuntimeException.class);
    }
    assertThat(registry.scrape())
        .contains("operation=\"GetCallerIdentity\",outcome=\"io-error\",provider=\"sts\"");
  }
}
