package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.costcred.testsupport.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeVantageApiTest {
  private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private FakeVantage fake;

  @BeforeEach
  void start() throws Exception {
    fake =
        FakeVantage.builder()
            .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
            .clock(clock)
            .start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void baseUrlIsLoopbackWithTheBoundPort() {
    assertThat(fake.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + fake.port());
    assertThat(fake.apiUrl().toString()).isEqualTo(fake.baseUrl() + "/v2");
    assertThat(fake.port()).isPositive();
  }

  @Test
  void staticStartServesTheApi() {
    try (FakeVantage other = FakeVantage.start(new InetSocketAddress("127.0.0.1", 0))) {
      String token = other.issueToken("ci", Set.of("read"));
      assertThat(Http.get(other, "/v2/me", token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void meDescribesTheCallingToken() {
    String token = fake.issueToken("costcred rotation", Set.of("write", "read"));

    HttpResponse<String> response = Http.get(fake, "/v2/me", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.header(response, "Content-Type")).startsWith("application/json");
    Map<String, Object> me = Http.json(response);
    assertThat(me).containsOnlyKeys("default_workspace_token", "workspaces", "bearer_token");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> workspaces = (List<Map<String, Object>>) me.get("workspaces");
    assertThat(workspaces).hasSize(1);
    assertThat(workspaces.get(0)).containsKeys("token", "name");
    assertThat(me.get("default_workspace_token")).isEqualTo(workspaces.get(0).get("token"));
    @SuppressWarnings("unchecked")
    Map<String, Object> bearer = (Map<String, Object>) me.get("bearer_token");
    assertThat(bearer)
        .containsOnlyKeys("token", "description", "created_at", "scope")
        .containsEntry("description", "costcred rotation")
        .containsEntry("created_at", "2025-03-01T12:00:00Z")
        .containsEntry("scope", List.of("read", "write"))
        .containsEntry("token", fake.tokenId(token));
    assertThat((String) bearer.get("token")).matches("accss_crdntl_[0-9a-f]{16}");
    Http.assertNoSecret(response.body(), token, "the /v2/me body");
  }

  @Test
  void createdAtIsTheIssueTimeOnTheInjectedClock() {
    clock.set(Instant.parse("2024-11-05T08:09:10.987Z"));
    String token = fake.issueToken("ci", Set.of("read"));
    clock.set(START);

    Map<String, Object> bearer = bearer(Http.get(fake, "/v2/me", token));

    assertThat(bearer.get("created_at")).isEqualTo("2024-11-05T08:09:10Z");
    assertThat(Instant.parse((String) bearer.get("created_at"))).isNotNull();
  }

  @Test
  void issuedTokensHaveVantageFormatAndAreUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String token = fake.issueToken("t" + i, Set.of("read"));
      assertThat(token).matches("vntg_tkn_[0-9a-f]{40}");
      seen.add(token);
    }
    assertThat(seen).hasSize(200);
  }

  @Test
  void tokensWithOtherPrefixesWork() {
    String report = fake.issueToken("cr_", "cost report", Set.of("read"));
    String workspace = fake.issueToken("ws_", "workspace", Set.of("read"));

    assertThat(report).matches("cr_[0-9a-f]{40}");
    assertThat(workspace).matches("ws_[0-9a-f]{40}");
    assertThat(Http.get(fake, "/v2/me", report).statusCode()).isEqualTo(200);
    assertThat(Http.get(fake, "/v2/me", workspace).statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsBadScopesAndPrefixes() {
    assertThatThrownBy(() -> fake.issueToken("x", Set.of("admin")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fake.issueToken("bad prefix!", "x", Set.of("read")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownTokenIs401WithErrorsBody() {
    fake.issueToken("real", Set.of("read"));
    String forged = "vntg_tkn_" + "0".repeat(40);

    HttpResponse<String> response = Http.get(fake, "/v2/me", forged);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.errors(response)).hasSize(1).allMatch(m -> !m.isBlank());
    Http.assertNoSecret(response.body(), forged, "the 401 body");
  }

  @Test
  void missingOrMalformedAuthorizationIs401() {
    HttpResponse<String> missing = Http.get(fake, "/v2/me", null);
    String token = fake.issueToken("ci", Set.of("read"));
    HttpResponse<String> basic =
        Http.CLIENT
            .sendAsync(
                HttpRequest.newBuilder(fake.apiUrl().resolve("/v2/me"))
                    .header("Authorization", "Basic " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .join();

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(Http.errors(missing)).isNotEmpty();
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(fake.requestCount(token)).isZero();
  }

  @Test
  void revokedTokenIs401AndIsCountedAsRejected() {
    String token = fake.issueToken("ci", Set.of("read"));
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(200);

    fake.revoke(token);
    fake.revoke(token);
    HttpResponse<String> response = Http.get(fake, "/v2/me", token);

    assertThat(fake.isRevoked(token)).isTrue();
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.errors(response)).isNotEmpty();
    assertThat(fake.requestCount(token)).isEqualTo(1);
    assertThat(fake.rejectedCount(token)).isEqualTo(1);
  }

  @Test
  void unknownTokenInJavaApiFailsWithoutQuotingIt() {
    String stranger = "vntg_tkn_" + "ab".repeat(20);

    IllegalArgumentException revoke =
        catchThrowableOfType(IllegalArgumentException.class, () -> fake.revoke(stranger));
    IllegalArgumentException query =
        catchThrowableOfType(IllegalArgumentException.class, () -> fake.isRevoked(stranger));
    assertThat(revoke).isNotNull();
    assertThat(query).isNotNull();
    Http.assertNoSecret(String.valueOf(revoke), stranger, "revoke's exception");
    Http.assertNoSecret(String.valueOf(query), stranger, "isRevoked's exception");
    assertThat(fake.requestCount(stranger)).isZero();
  }

  @Test
  void tokenWithoutReadScopeIs403() {
    String writeOnly = fake.issueToken("writer", Set.of("write"));

    HttpResponse<String> response = Http.get(fake, "/v2/me", writeOnly);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Http.errors(response)).singleElement().asString().contains("read");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    String token = fake.issueToken("ci", Set.of("read", "write"));

    HttpResponse<String> unknown = Http.get(fake, "/v2/nope", token);
    HttpResponse<String> outside = Http.get(fake, "/v3/me", token);
    HttpResponse<String> post = Http.send(fake.baseUrl(), "POST", "/v2/me", token, "{}");
    HttpResponse<String> delete = Http.send(fake.baseUrl(), "DELETE", "/v2/me", token, null);

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.errors(unknown)).isNotEmpty();
    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(Http.errors(outside)).isNotEmpty();
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(Http.errors(post)).isNotEmpty();
    assertThat(Http.header(post, "Allow")).isEqualTo("GET");
    assertThat(delete.statusCode()).isEqualTo(405);
  }

  @Test
  void pingNeedsNoToken() {
    HttpResponse<String> response = Http.get(fake, "/v2/ping", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response)).containsEntry("status", "ok");
    assertThat(Http.header(response, "x-rate-limit-limit")).isEqualTo("1000");
  }

  @Test
  void countsRequestsOverallAndPerToken() {
    String a = fake.issueToken("a", Set.of("read"));
    String b = fake.issueToken("b", Set.of("read"));

    Http.get(fake, "/v2/me", a);
    Http.get(fake, "/v2/me", a);
    Http.get(fake, "/v2/nope", a);
    Http.get(fake, "/v2/me", b);
    Http.get(fake, "/v2/me", null);
    Http.get(fake, "/v2/ping", null);

    assertThat(fake.requestCount(a)).isEqualTo(3);
    assertThat(fake.requestCount(b)).isEqualTo(1);
    assertThat(fake.requestCount()).isEqualTo(6);
  }

  @Test
  void resetForgetsTokensAndCounts() {
    String token = fake.issueToken("ci", Set.of("read"));
    Http.get(fake, "/v2/me", token);
    fake.setHourlyBudget(5);

    fake.reset();

    assertThat(fake.requestCount()).isZero();
    assertThat(fake.requestCount(token)).isZero();
    assertThat(fake.hourlyBudget()).isEqualTo(1000);
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(401);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> bearer(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    return (Map<String, Object>) Http.json(response).get("bearer_token");
  }
}
