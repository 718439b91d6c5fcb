package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CRD from the repository's crds/, and CostCredentials with hand-written status. */
final class Fixtures {
  private Fixtures() {}

  static Path repoDir() {
    return Path.of(System.getProperty("costcred.repo.dir", "..")).toAbsolutePath().normalize();
  }

  static Path crdFile() {
    return repoDir().resolve("crds/costcredentials.costcred.io-v1.yml");
  }

  /** The mock server's CRD and one CostCredential with the rich status of the fixtures. */
  static void seedRich(KubernetesClient client, String namespace, String name) {
    installCrd(client);
    create(client, namespace, name);
    richStatus(client, namespace, name);
  }

  /** The CRD on a mock server (no server-side apply there). */
  static void installCrd(KubernetesClient client) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd(client)).create();
  }

  /** The mock server answers every SelfSubjectReview: the caller is {@code user}. */
  static void authenticatedAs(KubernetesMockServer server, String user) {
    SelfSubjectReview review =
        new SelfSubjectReviewBuilder()
            .withNewStatus()
            .withNewUserInfo()
            .withUsername(user)
            .endUserInfo()
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .andReturn(201, review)
        .always();
  }

  static CustomResourceDefinition crd(KubernetesClient client) {
    try (InputStream in = Files.newInputStream(crdFile())) {
      return client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the sample CostCredential under {@code name} in {@code namespace}. */
  static GenericKubernetesResource create(KubernetesClient client, String namespace, String name) {
    GenericKubernetesResource r =
        client
            .getKubernetesSerialization()
            .unmarshal(resource("costcredential.yaml"), GenericKubernetesResource.class);
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(namespace);
    return client
        .genericKubernetesResources(Api.COSTCREDENTIALS)
        .inNamespace(namespace)
        .resource(r)
        .create();
  }

  /** Writes status through the status subresource (JSON merge patch), as the operator would. */
  static GenericKubernetesResource status(
      KubernetesClient client, String namespace, String name, String statusPatchJson) {
    return client
        .genericKubernetesResources(Api.COSTCREDENTIALS)
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), statusPatchJson);
  }

  /**
   * Writes status as the operator does: read, change, replace the status subresource (PUT). The
   * change is an RFC 7386 merge patch applied here, because the fabric8 mock server's JSON merge
   * patch appends to arrays instead of replacing them (conditions would pile up).
   */
  static GenericKubernetesResource replaceStatus(
      KubernetesClient client, String namespace, String name, String statusPatchJson) {
    var ser = client.getKubernetesSerialization();
    var op = client.genericKubernetesResources(Api.COSTCREDENTIALS).inNamespace(namespace);
    JsonNode current = ser.convertValue(op.withName(name).get(), JsonNode.class);
    JsonNode merged = mergePatch(current, ser.unmarshal(statusPatchJson, JsonNode.class));
    return op.resource(ser.convertValue(merged, GenericKubernetesResource.class)).updateStatus();
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                result.remove(e.getKey());
              } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
              }
            });
    return result;
  }

  static GenericKubernetesResource richStatus(
      KubernetesClient client, String namespace, String name) {
    return status(client, namespace, name, resource("status-rich.json"));
  }

  static CredentialView read(KubernetesClient client, String namespace, String name) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources(Api.COSTCREDENTIALS)
            .inNamespace(namespace)
            .withName(name)
            .get();
    return new CredentialView(client.getKubernetesSerialization().convertValue(r, JsonNode.class));
  }
}
