package io.costcred.operator.consumers;

/** How a pod template reads a Secret. */
public enum Access {
  /** {@code env[].valueFrom.secretKeyRef} or {@code envFrom[].secretRef}: read once, at start. */
  Env,
  /** A {@code secret} or {@code projected} volume mounted without subPath: refreshed by kubelet. */
  Volume,
  /** A volume mounted with {@code subPath}: never refreshed, read at start like Env. */
  SubPath
}
