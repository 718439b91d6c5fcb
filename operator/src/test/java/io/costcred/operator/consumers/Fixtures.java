package io.costcred.operator.consumers;

import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Pods, ReplicaSets, Jobs, CronJobs and workloads as the API server would send them. */
final class Fixtures {
  static final String NS = "team-a";
  static final String APPS_OWNER = "apps/v1";
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** A pod spec whose one container reads {@code secret} through envFrom. */
  static String envFrom(String secret) {
    return """
        containers:
          - name: app
            image: registry.example/app:1
            envFrom: [{secretRef: {name: %s}}]
        """
        .formatted(secret);
  }

  /** A pod spec that mounts {@code secret} as a whole volume. */
  static String mounts(String secret) {
    return """
        volumes: [{name: s, secret: {secretName: %s}}]
        containers:
          - name: app
            image: registry.example/app:1
            volumeMounts: [{name: s, mountPath: /etc/s}]
        """
        .formatted(secret);
  }

  static Pod pod(String name, String phase, String spec) {
    Pod p =
        Serialization.unmarshal(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: %s
              namespace: %s
              uid: uid-%s
              resourceVersion: "10"
              creationTimestamp: "2026-01-02T03:04:05Z"
              annotations:
                costcred.io/fp.c: fp-1
                kubectl.kubernetes.io/last-applied-configuration: '{"token":"s3cr3t-value"}'
            spec:
            %s
            status:
              phase: %s
              conditions: [{type: Ready, status: "True"}]
            """
                .formatted(name, NS, name, indent(spec), phase),
            Pod.class);
    return p;
  }

  /** Sets the controller owner reference. */
  static <T extends HasMetadata> T ownedBy(T o, String apiVersion, String kind, String name) {
    o.getMetadata()
        .getOwnerReferences()
        .add(
            new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(name)
                .withUid("uid-" + name)
                .withController(true)
                .build());
    return o;
  }

  static ReplicaSet replicaSet(String name, String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: %s, namespace: %s, resourceVersion: "5"}
        spec:
          selector: {matchLabels: {app: x}}
          template:
            metadata: {labels: {app: x}}
            spec:
        %s
        status: {replicas: 1}
        """
            .formatted(name, NS, indent(indent(indent(spec)))),
        ReplicaSet.class);
  }

  static Job job(String name, String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %s, namespace: %s, resourceVersion: "5"}
        spec:
          template:
            spec:
        %s
        """
            .formatted(name, NS, indent(indent(indent(spec)))),
        Job.class);
  }

  static CronJob cronJob(String name, String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: %s, namespace: %s, resourceVersion: "5"}
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              template:
                spec:
        %s
        """
            .formatted(name, NS, indent(indent(indent(indent(indent(spec)))))),
        CronJob.class);
  }

  /**
   * A workload as a generic object, rolled out (status matches spec), with labels {@code app: name}
   * and a template annotated {@code costcred.io/fp.c: fp-1} and {@code other: x}.
   */
  static GenericKubernetesResource workload(WorkloadKind kind, String name, String spec) {
    String status =
        switch (kind) {
          case Deployment ->
              "{observedGeneration: 1, replicas: 1, updatedReplicas: 1," + " availableReplicas: 1}";
          case StatefulSet ->
              "{observedGeneration: 1, currentRevision: r1, updateRevision: r1,"
                  + " readyReplicas: 1, updatedReplicas: 1}";
          case DaemonSet ->
              "{observedGeneration: 1, desiredNumberScheduled: 1,"
                  + " updatedNumberScheduled: 1, numberAvailable: 1}";
          case Rollout ->
              "{observedGeneration: \"1\", phase: Healthy, updatedReplicas: 1,"
                  + " availableReplicas: 1}";
        };
    return Serialization.unmarshal(
        """
        apiVersion: %s
        kind: %s
        metadata:
          name: %s
          namespace: %s
          uid: uid-%s
          generation: 1
          resourceVersion: "7"
          labels: {app: %s, tier: api}
          annotations: {costcred.io/fp.c: meta-fp, deployment.kubernetes.io/revision: "3"}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata:
              labels: {app: %s}
              annotations: {costcred.io/fp.c: fp-1, other: x}
            spec:
        %s
        status: %s
        """
            .formatted(
                kind.apiVersion(),
                kind.name(),
                name,
                NS,
                name,
                name,
                name,
                name,
                indent(indent(indent(spec))),
                status),
        GenericKubernetesResource.class);
  }

  static ConsumerCaches caches() {
    return new ConsumerCaches();
  }

  /** Puts objects into the caches of scope {@link #NS}, as the informers would. */
  static void add(ConsumerCaches c, HasMetadata... objects) {
    for (HasMetadata o : objects) {
      if (o instanceof Pod p) {
        put(c.pods(NS), p);
      } else if (o instanceof ReplicaSet r) {
        put(c.replicaSets(NS), r);
      } else if (o instanceof Job j) {
        put(c.jobs(NS), j);
      } else if (o instanceof CronJob j) {
        put(c.cronJobs(NS), j);
      } else if (o instanceof GenericKubernetesResource g) {
        put(c.workloads(WorkloadKind.valueOf(g.getKind()), NS, JSON), g);
      }
    }
  }

  static <T extends HasMetadata> void put(CompactStore<T, ?> store, T o) {
    store.put(store.getKey(o), o);
  }

  private static String indent(String s) {
    return s.indent(2).stripTrailing();
  }

  private Fixtures() {}
}
