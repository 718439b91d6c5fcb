package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code -o json|yaml|wide} on every read command, and the Events section of describe. */
@EnableKubernetesMockClient(crud = true)
class ReadOutputMockTest {
  static final String NS = "finops";
  static final String NAME = "finfocus-vantage";
  static final List<String> READ_COMMANDS =
      List.of("list", "describe", "consumers", "pool", "verify");

  static KubernetesClient client;

  static KubernetesMockServer server;

  @BeforeAll
  static void seed() {
    Fixtures.seedRich(client, NS, NAME);
  }

  private static Event event(
      String id, String name, String uid, String reason, String time, String message) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(id)
        .withNamespace(NS)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("costcred.io/v1alpha1")
        .withKind("CostCredential")
        .withName(name)
        .withNamespace(NS)
        .withUid(uid)
        .endInvolvedObject()
        .withType("Normal")
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .withNewSource()
        .withComponent("costcred-operator")
        .endSource()
        .build();
  }

  private static List<String> args(String command, String... more) {
    var out = new java.util.ArrayList<>(List.of(command));
    if (!command.equals("list")) {
      out.add(NAME);
    }
    out.addAll(List.of("-n", NS));
    out.addAll(List.of(more));
    return out;
  }

  @Test
  void everyReadCommandPrintsJsonAndYamlWithItsUsualExitCode() throws Exception {
    for (String command : READ_COMMANDS) {
      var table = Cli.run(client, args(command).toArray(String[]::new));
      var json = Cli.run(client, args(command, "-o", "json").toArray(String[]::new));
      var yaml = Cli.run(client, args(command, "-o", "yaml").toArray(String[]::new));
      assertThat(json.code()).as(command + " json\n" + json).isEqualTo(table.code());
      assertThat(yaml.code()).as(command + " yaml\n" + yaml).isEqualTo(table.code());
      JsonNode node = new ObjectMapper().readTree(json.out());
      assertThat(node.isObject()).as(command).isTrue();
      assertThat(yaml.out()).as(command).startsWith("---");
      assertThat(json.out()).as(command).doesNotContain("managedFields");
    }
  }

  @Test
  void theJsonCarriesWhatEachCommandIsAbout() throws Exception {
    var mapper = new ObjectMapper();
    JsonNode list = mapper.readTree(Cli.run(client, "list", "-n", NS, "-o", "json").out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items").get(0).at("/metadata/name").asText()).isEqualTo(NAME);
    JsonNode pool =
        mapper.readTree(Cli.run(client, args("pool", "-o", "json").toArray(String[]::new)).out());
    assertThat(pool.path("name").asText()).isEqualTo(NAME);
    assertThat(pool.has("poolRemaining")).isTrue();
    assertThat(pool.has("ok")).isTrue();
    JsonNode verify =
        mapper.readTree(Cli.run(client, args("verify", "-o", "json").toArray(String[]::new)).out());
    assertThat(verify.path("result").asText()).isIn("OK", "NOT READY");
    assertThat(verify.path("conditions").isArray()).isTrue();
    JsonNode consumers =
        mapper.readTree(
            Cli.run(client, args("consumers", "-o", "json").toArray(String[]::new)).out());
    assertThat(consumers.has("consumers")).isTrue();
  }

  @Test
  void wideIsAcceptedEverywhereAndAddsColumnsToList() {
    for (String command : READ_COMMANDS) {
      var table = Cli.run(client, args(command).toArray(String[]::new));
      var wide = Cli.run(client, args(command, "-o", "wide").toArray(String[]::new));
      assertThat(wide.code()).as(command + "\n" + wide).isEqualTo(table.code());
      assertThat(wide.out()).as(command).isNotBlank();
    }
    var wide = Cli.run(client, "list", "-n", NS, "-o", "wide");
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .contains("REASON", "REVISION", "LAST ROTATED");
  }

  /**
   * The mock server's CRUD mode ignores field selectors on Events, so the events request is
   * answered by an expectation for the exact path describe sends (its field selector checked).
   */
  @Test
  void describeListsTheCredentialsEventsOldestFirst() throws Exception {
    String uid = Fixtures.read(client, NS, NAME).uid();
    while (server.getRequestCount() > 0 && server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // drain what earlier calls left
    }
    var first = Cli.run(client, "describe", NAME, "-n", NS);
    assertThat(first.out()).contains("Events:  <none>");
    String path = null;
    RecordedRequest req;
    while ((req = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (req.getPath().contains("/events")) {
        path = req.getPath();
      }
    }
    assertThat(path)
        .startsWith("/api/v1/namespaces/" + NS + "/events?")
        .contains("fieldSelector=")
        .contains("involvedObject.name%3D" + NAME)
        .contains("involvedObject.kind%3DCostCredential");
    EventList list =
        new EventListBuilder()
            .addToItems(
                event("e-late", NAME, uid, "RotationCompleted", "2026-01-20T09:00:00Z", "done"),
                event("e-early", NAME, uid, "RotationStarted", "2026-01-20T08:00:00Z", "began"),
                event("e-old-uid", NAME, "previous-uid", "Unrelated", "2026-01-20T08:30:00Z", "x"))
            .build();
    server.expect().get().withPath(path).andReturn(200, list).always();
    var r = Cli.run(client, "describe", NAME, "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    String events = r.out().substring(r.out().indexOf("Events:"));
    assertThat(events.lines().findFirst().orElseThrow()).isEqualTo("Events:");
    assertThat(events).contains("TYPE", "REASON", "AGE", "FROM", "MESSAGE", "costcred-operator");
    assertThat(events.indexOf("RotationStarted")).isLessThan(events.indexOf("RotationCompleted"));
    assertThat(events).doesNotContain("Unrelated");
  }

  @Test
  void everyReadCommandExitsThreeForAMissingCredentialInEveryFormat() {
    for (String command : List.of("describe", "consumers", "pool", "verify")) {
      for (String format : List.of("table", "wide", "json", "yaml")) {
        var r = Cli.run(client, command, "ghost", "-n", NS, "-o", format);
        assertThat(r.code()).as(command + " " + format + "\n" + r).isEqualTo(ExitCodes.API_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("costcredential \"ghost\" not found");
      }
    }
  }
}
