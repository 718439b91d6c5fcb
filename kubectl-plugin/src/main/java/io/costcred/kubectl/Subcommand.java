package io.costcred.kubectl;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the root's client and namespace, stdout and stderr. */
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand CostcredCommand root;

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Api api() {
    return root.api();
  }

  String namespace() {
    return root.namespace();
  }

  Instant now() {
    return root.clock().instant();
  }

  /**
   * Who the API server says we are (SelfSubjectReview); empty, after a warning on stderr saying
   * what is recorded instead ({@code instead}), when it does not tell.
   */
  Optional<String> whoAmI(Api api, String instead) {
    var user = api.whoAmI();
    if (user.isEmpty()) {
      err()
          .println(
              "warning: the API server did not say who you are (SelfSubjectReview); " + instead);
    }
    return user;
  }
}
