package io.costcred.operator.runtime;

import java.util.List;

/** Builds production-like operator settings for tests in other packages. */
public final class OperatorSettingsAccess {
  private OperatorSettingsAccess() {}

  /** Server-side apply and leader election on, as the chart runs the operator. */
  public static OperatorSettings production(String operatorNamespace, List<String> namespaces) {
    OperatorSettings s = new OperatorSettings();
    s.operatorNamespace = operatorNamespace;
    s.namespaces = namespaces;
    s.leaderElection = true;
    s.serverSideApply = true;
    s.identity = "it-" + ProcessHandle.current().pid();
    s.exitOnLostLeadership = false; // the test JVM must survive operator.stop()
    s.egressAllow = List.of("http://127.0.0.1:*"); // the local peers
    return s;
  }

  /** One replica, no Lease (the namespace has no lease RBAC to test here). */
  public static void noLeaderElection(OperatorSettings s) {
    s.leaderElection = false;
  }
}
