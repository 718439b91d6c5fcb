package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.CostCredential;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Process-wide settings Main makes before anything else runs. */
class MainTest {
  @Test
  void objectsAreReadWithoutManagedFieldsButWithEverythingElse() {
    String json =
        """
        {"apiVersion":"costcred.io/v1alpha1","kind":"CostCredential",
         "metadata":{"name":"finfocus-vantage","namespace":"finops","resourceVersion":"42",
           "annotations":{"costcred.io/rotate":"r1"},
           "managedFields":[{"manager":"costcred-operator","operation":"Update",
             "subresource":"status","fieldsType":"FieldsV1",
             "fieldsV1":{"f:status":{"f:conditions":{}}}}]},
         "status":{"revision":3}}
        """;
    CostCredential cr = Main.withoutManagedFields().unmarshal(json, CostCredential.class);
    assertThat(cr.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cr.getMetadata().getName()).isEqualTo("finfocus-vantage");
    assertThat(cr.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cr.getMetadata().getAnnotations()).containsEntry("costcred.io/rotate", "r1");
    assertThat(cr.getStatus().getRevision()).isEqualTo(3);
  }

  @Test
  void theCommonPoolGetsTwoThreadsOnSmallMachinesUnlessSetExplicitly() {
    String before = System.getProperty(Main.COMMON_POOL_PARALLELISM);
    try {
      System.clearProperty(Main.COMMON_POOL_PARALLELISM);
      Main.commonPoolAtLeastTwo();
      String expected = Runtime.getRuntime().availableProcessors() <= 2 ? "2" : null;
      assertThat(System.getProperty(Main.COMMON_POOL_PARALLELISM)).isEqualTo(expected);
      System.setProperty(Main.COMMON_POOL_PARALLELISM, "7");
      Main.commonPoolAtLeastTwo();
      assertThat(System.getProperty(Main.COMMON_POOL_PARALLELISM)).isEqualTo("7");
    } finally {
      if (before == null) {
        System.clearProperty(Main.COMMON_POOL_PARALLELISM);
      } else {
        System.setProperty(Main.COMMON_POOL_PARALLELISM, before);
      }
    }
  }

  @Test
  void leaseTimingsAreFlagsAndMustBeOrderedAsKubernetesRequires() {
    OperatorSettings s = new OperatorSettings();
    new CommandLine(s).parseArgs();
    assertThat(s.leaseDurationSeconds).isEqualTo(15);
    assertThat(s.leaseRenewDeadlineSeconds).isEqualTo(10);
    assertThat(s.leaseRetryPeriodSeconds).isEqualTo(2);
    s.checkLeaseTimings();

    OperatorSettings quiet = new OperatorSettings();
    new CommandLine(quiet)
        .parseArgs("--lease-duration=60", "--lease-renew-deadline=40", "--lease-retry-period=10");
    quiet.checkLeaseTimings();
    assertThat(quiet.leaseRetryPeriodSeconds).isEqualTo(10);

    OperatorSettings wrong = new OperatorSettings();
    new CommandLine(wrong).parseArgs("--lease-retry-period=10");
    assertThatThrownBy(wrong::checkLeaseTimings)
        .hasMessageContaining("--lease-retry-period < --lease-renew-deadline");
  }
}
