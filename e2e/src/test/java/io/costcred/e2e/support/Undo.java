package io.costcred.e2e.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a scenario created, undone last created first. Every step runs even when an earlier one
 * fails; the failures are returned, so a cleanup never hides the rest of the cleanup.
 */
final class Undo {
  /** One thing to undo. */
  interface Step {
    void run() throws Exception;
  }

  private final Deque<Step> steps = new ArrayDeque<>();

  synchronized void push(Step step) {
    steps.push(step);
  }

  /** Runs and forgets every step, last pushed first; returns what failed. */
  synchronized List<Throwable> runAll() {
    List<Throwable> problems = new ArrayList<>();
    while (!steps.isEmpty()) {
      run(problems, steps.pop());
    }
    return problems;
  }

  /** Runs {@code step}, adding what it throws to {@code problems}. */
  static void run(List<Throwable> problems, Step step) {
    try {
      step.run();
    } catch (Exception | AssertionError e) {
      problems.add(e);
    }
  }
}
