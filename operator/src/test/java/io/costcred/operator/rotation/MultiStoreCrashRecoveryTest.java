package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.rotation.CrashRecoveryTest.SimulatedCrash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash after each step of multi-store rotations on the real peers: a Vantage pool token published
 * to a Kubernetes Secret, OpenBao KV v2 and moto's Secrets Manager, and an IAM access key minted in
 * moto and published to a Kubernetes Secret and Secrets Manager. For a manual and an emergency
 * rotation of each, the operator is stopped at every crash point a clean run passes (enumerated
 * like {@link CrashRecoveryTest}, so a new step is covered without touching this test), then a
 * fresh engine with fresh store clients finishes the work and the invariants are checked.
 */
@EnableKubernetesMockClient(crud = true)
class MultiStoreCrashRecoveryTest {
  static KubernetesClient client;

  /** Builds a fixture against the mock API server of this class. */
  @FunctionalInterface
  interface Kind {
    CrashFixture create(KubernetesClient client) throws Exception;
  }

  @TestFactory
  Stream<DynamicTest> vantageManualRotation() throws Exception {
    return suite("vantage", VantageMultiStoreFixture::new, Annotations.ROTATE, "crash-test");
  }

  @TestFactory
  Stream<DynamicTest> vantageEmergencyRotation() throws Exception {
    return suite("vantage", VantageMultiStoreFixture::new, Annotations.EMERGENCY, "leaked");
  }

  @TestFactory
  Stream<DynamicTest> iamKeyManualRotation() throws Exception {
    return suite("iam", IamKeyFixture::new, Annotations.ROTATE, "crash-test");
  }

  @TestFactory
  Stream<DynamicTest> iamKeyEmergencyRotation() throws Exception {
    return suite("iam", IamKeyFixture::new, Annotations.EMERGENCY, "key in a public repo");
  }

  @TestFactory
  Stream<DynamicTest> iamKeyManualRotationMakingRoomUnderTheQuota() throws Exception {
    return suite("iam-spare", c -> new IamKeyFixture(c, true), Annotations.ROTATE, "crash-test");
  }

  @TestFactory
  Stream<DynamicTest> iamKeyEmergencyRotationMakingRoomUnderTheQuota() throws Exception {
    return suite(
        "iam-spare", c -> new IamKeyFixture(c, true), Annotations.EMERGENCY, "key in a repo");
  }

  private Stream<DynamicTest> suite(String label, Kind kind, String annotation, String value)
      throws Exception {
    boolean emergency = annotation.equals(Annotations.EMERGENCY);
    String scenario = label + (emergency ? " emergency" : " manual");
    return crashPoints(scenario, kind, annotation, value).stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    scenario + ", crash at " + p,
                    () -> crashAndRecover(kind, annotation, value, p, emergency)));
  }

  /** The distinct crash points a clean run passes, in order (written to target/ for the record). */
  private List<String> crashPoints(String scenario, Kind kind, String annotation, String value)
      throws Exception {
    try (CrashFixture f = kind.create(client).start()) {
      List<String> steps = new ArrayList<>();
      RotationEngine engine = f.engine(step -> steps.add(f.crashPoint(step)));
      prepare(f, annotation);
      f.h.annotate(f.name, annotation, value);
      f.drive(engine);
      f.assertRecovered(annotation.equals(Annotations.EMERGENCY));
      List<String> distinct = steps.stream().distinct().toList();
      assertThat(distinct).hasSizeGreaterThan(15);
      if (scenario.startsWith("iam-spare")) {
        assertThat(distinct)
            .as("the quota steps are crash points of their own")
            .anyMatch(st -> st.startsWith("before:obtain.iam.deleteSpare"));
      }
      assertThat(distinct)
          .as("a publish step per store")
          .filteredOn(s -> s.startsWith("before:publish:"))
          .hasSize(f.h.get(f.name).getSpec().getStores().size());
      Files.write(
          Path.of("target/crash-points-multistore-" + scenario.replace(' ', '-') + ".txt"),
          distinct);
      return distinct;
    }
  }

  private void crashAndRecover(
      Kind kind, String annotation, String value, String crashAt, boolean emergency)
      throws Exception {
    try (CrashFixture f = kind.create(client).start()) {
      prepare(f, annotation);
      f.h.annotate(f.name, annotation, value);
      RotationEngine crashing =
          f.engine(
              step -> {
                if (f.crashPoint(step).equals(crashAt)) {
                  throw new SimulatedCrash(step);
                }
              });
      SimulatedCrash crash =
          assertThrows(SimulatedCrash.class, () -> f.drive(crashing), "crash point never reached");
      f.outputs.add(crash.getMessage());
      RotationEngine fresh = f.engine(StepHook.NONE); // a new process: no memory, new clients
      f.drive(fresh);
      f.settle(fresh);
      f.assertRecovered(emergency);
    }
  }

  /** The state the rotation under test starts from (an admin's spare key for the quota suites). */
  private static void prepare(CrashFixture f, String annotation) {
    if (f instanceof IamKeyFixture iam) {
      iam.addSpare(annotation.equals(Annotations.EMERGENCY));
    }
  }
}
