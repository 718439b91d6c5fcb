package io.costcred.testsupport;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs the repository's CRDs ({@code crds/*.yml}) on a real API server the way every suite
 * does: server-side apply (forcing conflicts, so a CRD another run applied is taken over), then
 * waiting until the API server reports it Established.
 */
public final class Crds {
  /** How long a CRD may take to become Established. */
  public static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);

  private Crds() {}

  /** The CRD files of the repository, sorted by name. */
  public static List<Path> files(Path repo) {
    try (Stream<Path> files = Files.list(repo.resolve("crds"))) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies every CRD of the repository and waits until each is Established. */
  public static void installAll(KubernetesClient client, Path repo) {
    for (Path f : files(repo)) {
      install(client, load(client, f));
    }
  }

  /** Reads one CRD file. */
  public static CustomResourceDefinition load(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies one CRD (server-side, forcing conflicts) and waits until it is Established. */
  public static void install(KubernetesClient client, CustomResourceDefinition crd) {
    client.resource(crd).forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(Crds::established, ESTABLISHED_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** True once the API server serves the CRD's resources. */
  public static boolean established(CustomResourceDefinition c) {
    return c != null
        && c.getStatus() != null
        && c.getStatus().getConditions() != null
        && c.getStatus().getConditions().stream()
            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()));
  }
}
