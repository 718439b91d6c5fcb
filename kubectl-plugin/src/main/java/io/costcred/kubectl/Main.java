package io.costcred.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code kubectl costcred}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // fabric8 logs through slf4j-simple; a CLI shows only errors unless asked otherwise.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    int code;
    try (CostcredCommand root = new CostcredCommand()) {
      CommandLine cl = commandLine(root);
      code = cl.execute(args);
      cl.getOut().flush();
      cl.getErr().flush();
    }
    System.exit(code);
  }

  /** The command line with this plugin's error handling: messages on stderr, mapped exit codes. */
  public static CommandLine commandLine(CostcredCommand root) {
    CommandLine cl = new CommandLine(root);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          int code;
          if (ex instanceof CliException c) {
            err.println("error: " + c.getMessage());
            code = c.exitCode();
          } else if (ex instanceof KubernetesClientException k) {
            err.println("error: " + Api.describe("request failed", k));
            code = ExitCodes.API_ERROR;
          } else {
            err.println("error: " + ex);
            code = ExitCodes.CHECK_FAILED;
          }
          err.flush();
          return code;
        });
    return cl;
  }

  /** Runs one command line with the given streams; for tests and embedding. */
  public static int run(CostcredCommand root, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
