package io.costcred.operator.rotation;

/**
 * Called at named points of a rotation: before each side effect and after each status write.
 * Production uses {@link #NONE}; crash tests throw from here to stop the operator mid-rotation.
 */
@FunctionalInterface
public interface StepHook {
  StepHook NONE = step -> {};

  void at(String step);
}
