package io.costcred.operator.store.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.runtime.OperatorMetrics;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.OpenBaoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vault requests are counted and timed by operation and status, against real OpenBao. */
class VaultRequestMetricsTest {
  @Test
  void loginReadsAndWritesAreCountedWithoutPathsOrValues() {
    OpenBaoServer bao = OpenBaoServer.shared();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry, Clock.systemUTC());
    String path = "costcred/" + UUID.randomUUID();
    String value = "tok-" + UUID.randomUUID();
    VaultKvStore store =
        new VaultKvStore(
            VaultKvStoreTest.config(
                bao.address(), path, VaultAuthSetup.on(bao).appRole("writer"), null),
            Clock.systemUTC(),
            metrics);
    store.publish("r-1", Credential.token(SecretValue.of(value)), "fp");

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "costcred_provider_request_seconds_count{operation=\"login\",outcome=\"200\",provider=\"vault\"} 1")
        .contains("operation=\"write\",outcome=\"200\",provider=\"vault\"")
        .contains("operation=\"read_metadata\",outcome=\"404\",provider=\"vault\"")
        .contains(
            "costcred_provider_request_seconds_bucket{operation=\"write\",outcome=\"200\",provider=\"vault\",le=\"10.0\"} 1");
    LeakScan.assertNoSecrets("scrape", scrape, List.of(value, path, bao.rootToken()));
  }

  @Test
  void anUnreachableVaultCountsAsIoError() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry, Clock.systemUTC());
    VaultKvStore store =
        new VaultKvStore(
            VaultKvStoreTest.config(
                "http://127.0.0.1:9",
                "x",
                new VaultStoreConfig.TokenAuth(SecretValue.of("t")),
                null),
            Clock.systemUTC(),
            metrics);
    assertThatThrownBy(() -> store.publish("r-1", Credential.token(SecretValue.of("v")), "fp"))
        .isInstanceOf(RuntimeException.class);
    assertThat(registry.scrape())
        .contains("operation=\"read_metadata\",outcome=\"io-error\",provider=\"vault\"");
  }
}
