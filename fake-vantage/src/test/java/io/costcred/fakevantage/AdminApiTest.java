package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {
  private FakeVantage fake;

  @BeforeEach
  void start() {
    fake = FakeVantage.builder().adminApi(true).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void mintsTokensThatTheApiAccepts() {
    HttpResponse<String> created =
        Http.post(
            fake.baseUrl(),
            "/__admin/tokens",
            "{\"description\": \"demo\", \"scopes\": [\"read\", \"write\"]}");

    assertThat(created.statusCode()).isEqualTo(201);
    Map<String, Object> body = Http.json(created);
    String token = (String) body.get("token");
    assertThat(token).matches("vntg_tkn_[0-9a-f]{40}");
    assertThat((String) body.get("id")).startsWith("accss_crdntl_");
    HttpResponse<String> me = Http.get(fake, "/v2/me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains((String) body.get("id")).contains("\"demo\"");
    assertThat(fake.isRevoked(token)).isFalse();
  }

  @Test
  void honoursPrefixAndDefaultsToReadScope() {
    Map<String, Object> body =
        Http.json(Http.post(fake.baseUrl(), "/__admin/tokens", "{\"prefix\": \"cr_\"}"));
    String token = (String) body.get("token");

    assertThat(token).matches("cr_[0-9a-f]{40}");
    assertThat(Http.get(fake, "/v2/me", token).body()).contains("\"scope\":[\"read\"]");
  }

  @Test
  void revokeMakesTheApiAnswer401() {
    String token = fake.issueToken("demo", java.util.Set.of("read"));

    HttpResponse<String> revoked =
        Http.post(fake.baseUrl(), "/__admin/revoke", "{\"token\": \"" + token + "\"}");

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(Http.json(revoked)).containsEntry("id", fake.tokenId(token));
    Http.assertNoSecret(revoked.body(), token, "the revoke reply");
    assertThat(fake.isRevoked(token)).isTrue();
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(401);
  }

  @Test
  void statsCountRequestsAndTokensWithoutValues() {
    String live = fake.issueToken("live", java.util.Set.of("read"));
    String dead = fake.issueToken("dead", java.util.Set.of("read"));
    Http.get(fake, "/v2/me", live);
    Http.get(fake, "/v2/me", live);
    fake.revoke(dead);
    Http.get(fake, "/v2/me", dead);

    HttpResponse<String> stats = Http.get(fake.baseUrl(), "/__admin/stats", null);

    assertThat(stats.statusCode()).isEqualTo(200);
    Http.assertNoSecret(stats.body(), live, "stats");
    Http.assertNoSecret(stats.body(), dead, "stats");
    Map<String, Object> body = Http.json(stats);
    assertThat(body)
        .containsEntry("requests", 3L)
        .containsEntry("authenticated_requests", 2L)
        .containsEntry("live_tokens", 1L)
        .containsEntry("revoked_tokens", 1L)
        .containsEntry("hourly_budget", 1000L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tokens = (List<Map<String, Object>>) body.get("tokens");
    assertThat(tokens).extracting(t -> t.get("description")).containsExactly("live", "dead");
    assertThat(tokens.get(0)).containsEntry("requests", 2L).containsEntry("revoked", false);
    assertThat(tokens.get(1)).containsEntry("rejected_requests", 1L).containsEntry("revoked", true);
  }

  @Test
  void rejectsBadRequestsWithErrorsBodies() {
    String secret = "vntg_tkn_" + "c".repeat(40);
    HttpResponse<String> malformed =
        Http.post(fake.baseUrl(), "/__admin/revoke", "{\"token\": \"" + secret);
    HttpResponse<String> unknown =
        Http.post(fake.baseUrl(), "/__admin/revoke", "{\"token\": \"" + secret + "\"}");
    HttpResponse<String> badScope =
        Http.post(fake.baseUrl(), "/__admin/tokens", "{\"scopes\": [\"admin\"]}");
    HttpResponse<String> wrongMethod = Http.get(fake.baseUrl(), "/__admin/tokens", null);
    HttpResponse<String> nowhere = Http.get(fake.baseUrl(), "/__admin/nothing", null);

    assertThat(malformed.statusCode()).isEqualTo(400);
    Http.assertNoSecret(malformed.body(), secret, "a 400 reply");
    assertThat(Http.errors(malformed)).isNotEmpty();
    assertThat(unknown.statusCode()).isEqualTo(404);
    Http.assertNoSecret(unknown.body(), secret, "a 404 reply");
    assertThat(badScope.statusCode()).isEqualTo(400);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(nowhere.statusCode()).isEqualTo(404);
  }

  @Test
  void adminCallsAreNotApiRequests() {
    Http.get(fake.baseUrl(), "/__admin/stats", null);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void adminSurfaceIsOffUnlessEnabled() {
    try (FakeVantage plain = FakeVantage.builder().start()) {
      HttpResponse<String> response =
          Http.post(plain.baseUrl(), "/__admin/tokens", "{\"description\": \"x\"}");
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(Http.errors(response)).isNotEmpty();
    }
  }

  @Test
  void adminSurfaceRefusesNonLoopbackBinds() throws Exception {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
    assertThatThrownBy(() -> FakeVantage.builder().bind(any).adminApi(true).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }
}
