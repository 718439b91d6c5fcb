package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.suspend on a real kube-apiserver: the CRD keeps the field (no pruning), the status the
 * operator writes through server-side apply says Suspended, and an emergency still rotates.
 */
class SuspendIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();
  private Harness h;
  private Scenario s;

  @BeforeEach
  void setUp() throws Exception {
    h = RealCluster.harness(cluster.admin(), "suspend");
    s = new Scenario(h);
  }

  @AfterEach
  void tearDown() {
    h.close(); // deletes the namespace
  }

  @Test
  void aSuspendedCredentialReportsSuspensionAndStillTakesAnEmergency() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    assertThat(s.cr().getStatus().getRevision()).isEqualTo(1);
    assertThat(s.cr().getStatus().getNextRotationTime()).isNotNull();

    h.client
        .resources(CostCredential.class)
        .inNamespace(h.namespace)
        .withName(Scenario.NAME)
        .edit(
            c -> {
              c.getSpec().setSuspend(true);
              return c;
            });
    assertThat(s.cr().getSpec().getSuspend()).as("the CRD keeps spec.suspend").isTrue();

    h.clock.advance(Duration.ofDays(400)); // far past any preset's interval
    engine.reconcile(s.cr());
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getRevision()).as("no scheduled rotation while suspended").isEqualTo(1);
    assertThat(st.getNextRotationTime()).isNull();
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.SUSPENDED)).isTrue();
    assertThat(Conditions.get(st, Reasons.ROTATING).orElseThrow().getMessage())
        .contains("paused by spec.suspend");
    assertThat(Conditions.isTrue(st, Reasons.READY)).isTrue();

    h.annotate(Scenario.NAME, Annotations.EMERGENCY, "INC-7 token in a CI log");
    s.settle(engine);
    st = s.cr().getStatus();
    assertThat(st.getRevision()).as("the emergency rotated while suspended").isEqualTo(2);
    assertThat(st.getHistory().get(0).getTrigger()).isEqualTo(RotationTrigger.Emergency);
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.SUSPENDED)).isTrue();
  }
}
