package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** A Vantage API token: taken from an admin-filled pool, verified with GET /v2/me. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VantageProviderSpec {
  @Default("https://api.vantage.sh")
  @Pattern("^https?://[^\\s/]+(/[^\\s]*)?$")
  @Size(max = 2048)
  @JsonPropertyDescription(
      "Base URL of the Vantage API; /v2 is appended. Must be on the operator's egress allow-list.")
  private String apiBaseUrl = "https://api.vantage.sh";

  @Required
  @JsonPropertyDescription(
      "Secret in the same namespace holding unused tokens, one per key; taken in key order, never reused.")
  private PoolRef tokenPool;

  @Size(max = 2)
  @JsonPropertyDescription("Scopes the token must carry (read, write), checked against /v2/me.")
  private List<@Size(max = 32) String> requiredScopes = new ArrayList<>(List.of("read"));

  @Size(min = 1, max = 3)
  @JsonPropertyDescription(
      "Token formats accepted from the pool. Default: VantageApiToken (prefix vntg_tkn_).")
  private List<TokenFormat> tokenFormats = new ArrayList<>(List.of(TokenFormat.VantageApiToken));

  @Default("1h")
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription("How often the current token is checked against /v2/me.")
  private String reverifyInterval = "1h";

  @Default("5m")
  @Pattern(Validation.DURATION)
  @Size(max = 32)
  @JsonPropertyDescription(
      "How often a token waiting for manual revocation is polled until it answers 401.")
  private String revocationCheckInterval = "5m";

  public String getApiBaseUrl() {
    return apiBaseUrl;
  }

  public void setApiBaseUrl(String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  public PoolRef getTokenPool() {
    return tokenPool;
  }

  public void setTokenPool(PoolRef tokenPool) {
    this.tokenPool = tokenPool;
  }

  public List<String> getRequiredScopes() {
    return requiredScopes;
  }

  public void setRequiredScopes(List<String> requiredScopes) {
    this.requiredScopes = requiredScopes;
  }

  public List<TokenFormat> getTokenFormats() {
    return tokenFormats;
  }

  public void setTokenFormats(List<TokenFormat> tokenFormats) {
    this.tokenFormats = tokenFormats;
  }

  public String getReverifyInterval() {
    return reverifyInterval;
  }

  public void setReverifyInterval(String reverifyInterval) {
    this.reverifyInterval = reverifyInterval;
  }

  public String getRevocationCheckInterval() {
    return revocationCheckInterval;
  }

  public void setRevocationCheckInterval(String revocationCheckInterval) {
    this.revocationCheckInterval = revocationCheckInterval;
  }
}
