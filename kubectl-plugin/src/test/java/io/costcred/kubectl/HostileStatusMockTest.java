package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Status text users write (the emergency reason, who asked) cannot forge output lines, move the
 * cursor or reorder text on the terminal of whoever runs describe or list.
 */
@EnableKubernetesMockClient(crud = true)
class HostileStatusMockTest {
  static KubernetesClient client;

  @BeforeAll
  static void seed() {
    Fixtures.installCrd(client);
    Fixtures.create(client, "finops", "hostile");
    Fixtures.status(
        client,
        "finops",
        "hostile",
        """
        {"status":{"provider":"vantage","revision":1,
          "rotation":{"id":"uid-r2","trigger":"Emergency","phase":"Obtaining\\u001b[8m"},
          "requestedRotation":{"id":"r1\\nID:  forged","emergency":true,
            "reason":"pay\\nReady:  True (forged)\\u001b[2J","requestedBy":"mallory\\r\\nalice",
            "requestedAt":"2026-01-20T08:00:00Z"},
          "lastEmergencyRotation":{"requestedAt":"2026-01-20T08:00:00Z",
            "reason":"x\\nOutcome:  Completed\\u202Eexe.gnp","requestedBy":"eve\\u0085bob"},
          "conditions":[{"type":"Ready","status":"False","reason":"Failed",
            "message":"line one\\nREADY  True\\u001b]8;;https://evil\\u0007"}]}}
        """);
  }

  @Test
  void describePrintsUserTextOnOneLineWithoutEscapes() {
    var r = Cli.run(client, "describe", "hostile", "-n", "finops");
    assertThat(r.code()).as(r.toString()).isZero();
    String out = r.out();
    assertThat(out)
        .contains("pay Ready:  True (forged)[2J", "mallory  alice")
        .contains("x Outcome:  Completed" + "exe.gnp", "eve bob")
        .contains("line one READY  True]8;;https://evil")
        .doesNotContain("\u001b", "\u0007", "\u202E", "\r", "\u0085");
    assertThat(out.lines())
        .noneMatch(l -> l.startsWith("Ready:  True (forged)"))
        .noneMatch(l -> l.startsWith("Outcome:  Completed"))
        .noneMatch(l -> l.startsWith("alice"))
        .noneMatch(l -> l.startsWith("ID:  forged"))
        .noneMatch(l -> l.startsWith("READY  True"));
  }

  @Test
  void listPrintsStatusTextWithoutEscapes() {
    var r = Cli.run(client, "list", "-n", "finops");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.out()).contains("running: Emergency Obtaining[8m").doesNotContain("\u001b");
  }

  @Test
  void aReasonLongerThanTheCrdAllowsIsRefusedBeforeAnyWrite() {
    var r =
        Cli.run(
            client, "rotate", "hostile", "-n", "finops", "--reason", "x".repeat(1025), "--no-wait");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--reason is longer than 1024");
  }
}
