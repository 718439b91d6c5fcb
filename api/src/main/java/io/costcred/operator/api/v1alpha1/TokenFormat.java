package io.costcred.operator.api.v1alpha1;

/** Token formats a Vantage pool may hold, each recognised by its prefix. */
public enum TokenFormat {
  /** A Vantage API access token, {@code vntg_tkn_...}. */
  VantageApiToken("vntg_tkn_"),
  /** A FinFocus cost-report token, {@code cr_...}. */
  CostReportToken("cr_"),
  /** A FinFocus workspace token, {@code ws_...}. */
  WorkspaceToken("ws_");

  private final String prefix;

  TokenFormat(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
