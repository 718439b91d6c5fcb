package io.costcred.e2e.support;

import io.costcred.testsupport.OperatorProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the suite starts one operator replica ({@link OperatorProcess} of costcred-test-support): the
 * snapshot of the packaged jar, the standard flags of a replica, fast-start JVM options, and the
 * operator's own code at debug level (more output to scan for leaks).
 */
public final class OperatorLaunch {
  private OperatorLaunch() {}

  /**
   * One operator replica. {@code watchNamespace} may list several (comma-separated); {@code
   * jvmOptions} come before {@code -jar}, {@code extraArgs} after the standard flags, and {@code
   * env} is added to the cleaned environment.
   */
  public record Options(
      Path kubeconfig,
      String operatorNamespace,
      String watchNamespace,
      String identity,
      String failpoint,
      Path logDir,
      String logName,
      List<String> jvmOptions,
      List<String> extraArgs,
      Map<String, String> env) {
    public Options(
        Path kubeconfig,
        String operatorNamespace,
        String watchNamespace,
        String identity,
        String failpoint,
        Path logDir,
        String logName) {
      this(
          kubeconfig,
          operatorNamespace,
          watchNamespace,
          identity,
          failpoint,
          logDir,
          logName,
          List.of(),
          List.of(),
          Map.of());
    }
  }

  public static OperatorProcess start(Options o) {
    List<String> jvm = new ArrayList<>();
    // Faster start on two cores; the operator's own code and settings are untouched.
    jvm.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    jvm.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    jvm.add("-Dorg.slf4j.simpleLogger.log.io.costcred=debug"); // more output to scan for leaks
    jvm.addAll(o.jvmOptions());
    List<String> args = new ArrayList<>();
    args.add("--operator-namespace=" + o.operatorNamespace());
    args.add("--namespaces=" + o.watchNamespace());
    args.add("--identity=" + o.identity());
    if (o.failpoint() != null) {
      args.add("--failpoint=" + o.failpoint());
    }
    if (o.extraArgs().stream().noneMatch(a -> a.startsWith("--egress-allow"))) {
      args.add("--egress-allow=http://127.0.0.1:*"); // the local peers (fake Vantage)
    }
    args.addAll(o.extraArgs());
    return OperatorProcess.start(
        new OperatorProcess.Launch(
            o.identity(),
            Repo.operatorJar(),
            o.kubeconfig(),
            jvm,
            args,
            new HashMap<>(o.env()),
            o.logDir().resolve(o.logName() + ".stdout.log"),
            o.logDir().resolve(o.logName() + ".stderr.log"),
            o.logDir()));
  }
}
