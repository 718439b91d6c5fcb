package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rendering of status.consumers and held revocations, without a server. */
class ConsumersReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The fixture's status on a CostCredential named finops/finfocus-vantage. */
  static CredentialView view(String statusJson, String... annotations) throws Exception {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("name", "finfocus-vantage").put("namespace", "finops");
    ObjectNode a = meta.putObject("annotations");
    for (int i = 0; i + 1 < annotations.length; i += 2) {
      a.put(annotations[i], annotations[i + 1]);
    }
    JsonNode status = MAPPER.readTree(statusJson).path("status");
    if (status.isObject()) {
      root.set("status", status);
    }
    return new CredentialView(root);
  }

  static CredentialView fixture(String... annotations) throws Exception {
    return view(Fixtures.resource("status-consumers.json"), annotations);
  }

  static String render(CredentialView v) {
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    ConsumersReport.print(v, Cli.NOW, out, "");
    out.flush();
    return s.toString();
  }

  @Test
  void oneRowPerConsumerInTheOrderOfTheStatus() throws Exception {
    List<String> lines = render(fixture()).lines().toList();
    assertThat(ListDescribeMockTest.words(lines.get(0)))
        .containsExactly("KIND", "NAME", "RESTART", "READS", "PODS", "CURRENT", "OLD", "OLD-PODS");
    // Restart targets first, then the others, as the operator wrote them: not re-sorted.
    assertThat(lines.subList(1, 7).stream().map(l -> ListDescribeMockTest.words(l).get(1)))
        .containsExactly("api", "web", "reader", "batch-report", "migrate", "debug-shell");
    assertThat(ListDescribeMockTest.words(lines.get(1)))
        .containsExactly("Deployment", "api", "Target", "Env", "3", "3", "0", "-");
    assertThat(ListDescribeMockTest.words(lines.get(2)))
        .containsExactly(
            "Rollout",
            "web",
            "Discovered",
            "Env,SubPath",
            "4",
            "1",
            "3",
            "web-6f9c7-a1,web-6f9c7-b2,web-6f9c7-c3");
    assertThat(ListDescribeMockTest.words(lines.get(3)))
        .containsExactly("Deployment", "reader", "MountedFile", "Volume", "2", "2", "0", "-");
    assertThat(ListDescribeMockTest.words(lines.get(5)))
        .containsExactly(
            "Job",
            "migrate",
            "NotRestarted",
            "Volume",
            "7",
            "0",
            "7",
            "migrate-1,migrate-2,migrate-3,migrate-4,migrate-5",
            "(+2",
            "more)");
  }

  @Test
  void footerHeldLineAndHowToProceedFollowTheTable() throws Exception {
    List<String> lines = render(fixture()).lines().toList();
    assertThat(lines).hasSize(10);
    assertThat(lines.get(7))
        .isEqualTo(
            "3 more consumer(s) not listed (status.consumersOmitted: the status keeps the first"
                + " 50).");
    assertThat(lines.get(8))
        .isEqualTo(
            "Revocation of token 2025-10-01 held since 2026-01-20T09:00:05Z (2m ago): Pod"
                + " debug-shell, Rollout web (3 pods), Job migrate (7 pods) still on the old"
                + " token");
    assertThat(lines.get(9))
        .isEqualTo(
            "To revoke anyway: kubectl costcred acknowledge-hold finfocus-vantage -n finops");
  }

  @Test
  void anAcknowledgedHoldSaysSoAndNeedsNoHint() throws Exception {
    String out = render(fixture("costcred.io/acknowledge-revocation-hold", "7c0ffee0-uid-r5"));
    assertThat(out)
        .contains(
            "(2m ago): Pod debug-shell",
            "[acknowledged: costcred.io/acknowledge-revocation-hold=7c0ffee0-uid-r5]")
        .doesNotContain("To revoke anyway");
    // The token id acknowledges too; another rotation's id does not.
    assertThat(render(fixture("costcred.io/acknowledge-revocation-hold", "2025-10-01")))
        .contains("[acknowledged:");
    assertThat(render(fixture("costcred.io/acknowledge-revocation-hold", "7c0ffee0-uid-r4")))
        .doesNotContain("[acknowledged:")
        .contains("To revoke anyway");
  }

  @Test
  void noOmittedNoHeldNoConsumers() throws Exception {
    CredentialView v = view("{\"status\":{\"revision\":1}}");
    assertThat(render(v))
        .isEqualTo(
            "No consumers in status: nothing reads the store Secrets, or the operator does not"
                + " discover consumers.\n");
    assertThat(ConsumersReport.omittedLine(0)).isNull();
  }

  @Test
  void missingCountsAreDashesAndUnnamedOldPodsAreCounted() throws Exception {
    CredentialView v =
        view(
            """
            {"status":{"consumers":[
              {"kind":"StatefulSet","name":"db","restart":"SomethingNewer"},
              {"kind":"DaemonSet","name":"agent","restart":"NotRestarted","reads":["Env"],
               "pods":2,"podsCurrent":0,"podsOld":2}]}}
            """);
    List<String> lines = render(v).lines().toList();
    assertThat(ListDescribeMockTest.words(lines.get(1)))
        .containsExactly("StatefulSet", "db", "SomethingNewer", "-", "-", "-", "-", "-");
    assertThat(lines.get(2)).endsWith("(2 not named)");
  }

  @Test
  void severalHeldNameTheRotationFlagAndHostileTextStaysOnOneLine() throws Exception {
    CredentialView v =
        view(
            """
            {"status":{"pendingRevocations":[
              {"token":{"id":"a","rotationId":"r1"},"state":"Held",
               "heldSince":"2026-01-20T09:00:05Z","heldBy":"pods x\\nTo revoke anyway: \\u001b[2J"},
              {"token":{"id":"b"},"state":"Held"}]}}
            """);
    String out = render(v);
    assertThat(out)
        .contains(
            "Revocation of token a held since 2026-01-20T09:00:05Z (2m ago): pods x To revoke"
                + " anyway: [2J",
            "Revocation of token b held since -: (no reason given)",
            "acknowledge-hold finfocus-vantage -n finops --rotation <rotation id>")
        .doesNotContain("\u001b");
    assertThat(out.lines().filter(l -> l.startsWith("To revoke anyway"))).hasSize(1);
    assertThat(v.heldRevocations().get(0).acknowledgeValue()).isEqualTo("r1");
    assertThat(v.heldRevocations().get(1).acknowledgeValue()).isEqualTo("b");
  }

  @Test
  void theJsonSectionHoldsTheConsumersAsStoredAndOnlyTheHeldRevocations() throws Exception {
    JsonNode s = ConsumersReport.section(fixture());
    assertThat(s.fieldNames())
        .toIterable()
        .containsExactly("name", "namespace", "consumers", "consumersOmitted", "heldRevocations");
    assertThat(s.path("consumers")).hasSize(6);
    assertThat(s.at("/consumers/1/oldPods/2").asText()).isEqualTo("web-6f9c7-c3");
    assertThat(s.path("consumersOmitted").asLong()).isEqualTo(3);
    assertThat(s.path("heldRevocations")).hasSize(1);
    assertThat(s.at("/heldRevocations/0/token/rotationId").asText()).isEqualTo("7c0ffee0-uid-r5");
    JsonNode empty = ConsumersReport.section(view("{}"));
    assertThat(empty.path("consumers")).isEmpty();
    assertThat(empty.path("consumersOmitted").asLong()).isZero();
    assertThat(empty.path("heldRevocations")).isEmpty();
  }
}
