package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The API calls of the plugin. CostCredentials are read as generic resources: the plugin takes
 * names (group, version, condition types, reasons, enum values) from the costcred-api module but
 * does not bind the status to its classes, so it shows every field a newer operator writes and does
 * not break on fields an older one lacks.
 */
public final class Api {
  public static final ResourceDefinitionContext COSTCREDENTIALS =
      new ResourceDefinitionContext.Builder()
          .withGroup(HasMetadata.getGroup(CostCredential.class))
          .withVersion(HasMetadata.getVersion(CostCredential.class))
          .withPlural(HasMetadata.getPlural(CostCredential.class))
          .withKind(HasMetadata.getKind(CostCredential.class))
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;

  public Api(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The CostCredential, or exit 3 with a kubectl-like message when it does not exist. */
  public CredentialView get(String namespace, String name) {
    GenericKubernetesResource r;
    try {
      r =
          client
              .genericKubernetesResources(COSTCREDENTIALS)
              .inNamespace(namespace)
              .withName(name)
              .get();
    } catch (KubernetesClientException e) {
      throw error("get costcredential " + namespace + "/" + name, e);
    }
    if (r == null) {
      throw CliException.api(
          "costcredential \"" + name + "\" not found in namespace \"" + namespace + "\"");
    }
    return view(r);
  }

  /** CostCredentials of one namespace, or of all when {@code namespace} is null. */
  public List<CredentialView> list(String namespace, String selector) {
    try {
      var op = client.genericKubernetesResources(COSTCREDENTIALS);
      var items =
          namespace == null
              ? (selector == null
                      ? op.inAnyNamespace().list()
                      : op.inAnyNamespace().withLabelSelector(selector).list())
                  .getItems()
              : (selector == null
                      ? op.inNamespace(namespace).list()
                      : op.inNamespace(namespace).withLabelSelector(selector).list())
                  .getItems();
      List<CredentialView> out = new ArrayList<>(items.stream().map(this::view).toList());
      out.sort(
          Comparator.comparing((CredentialView v) -> String.valueOf(v.namespace()))
              .thenComparing(v -> String.valueOf(v.name())));
      return out;
    } catch (KubernetesClientException e) {
      throw error("list costcredentials", e);
    }
  }

  /**
   * A JSON merge patch of the status subresource. The API server ignores everything but {@code
   * status} there, so spec, metadata and {@code metadata.generation} cannot change; a {@code
   * metadata.resourceVersion} in the patch is a precondition (409 when stale).
   */
  public CredentialView patchStatus(String namespace, String name, String mergePatch) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources(COSTCREDENTIALS)
            .inNamespace(namespace)
            .withName(name)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    return view(r);
  }

  /**
   * A JSON merge patch of the object itself (metadata annotations): a change the operator sees as
   * an annotation, as {@code kubectl annotate} makes it. A {@code metadata.resourceVersion} in the
   * patch is a precondition (409 when stale).
   */
  public CredentialView patch(String namespace, String name, String mergePatch) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources(COSTCREDENTIALS)
            .inNamespace(namespace)
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    return view(r);
  }

  /**
   * Watches one CostCredential from {@code resourceVersion} on, handing each new state to {@code
   * onChange}. Null when the watch cannot start (e.g. no {@code watch} permission: the
   * costcred-emergency-rotator role has only get and patch); callers then poll.
   */
  public Watch watch(
      String namespace,
      String name,
      String resourceVersion,
      Consumer<CredentialView> onChange,
      Runnable onClose) {
    try {
      return client
          .genericKubernetesResources(COSTCREDENTIALS)
          .inNamespace(namespace)
          .withName(name)
          .watch(
              new ListOptionsBuilder().withResourceVersion(resourceVersion).build(),
              new Watcher<GenericKubernetesResource>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                  if (action == Action.ADDED || action == Action.MODIFIED) {
                    onChange.accept(view(resource));
                  }
                }

                @Override
                public void onClose(WatcherException cause) {
                  onClose.run();
                }

                @Override
                public void onClose() {
                  onClose.run();
                }
              });
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /** The user name the API server authenticated us as (SelfSubjectReview), if it tells. */
  public Optional<String> whoAmI() {
    try {
      SelfSubjectReview review =
          client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      if (review == null
          || review.getStatus() == null
          || review.getStatus().getUserInfo() == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(review.getStatus().getUserInfo().getUsername())
          .filter(s -> !s.isBlank());
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  /**
   * The key names of a Secret, sorted. The values pass through memory (the API has no way to list
   * keys only) and are dropped here; they are never printed.
   */
  public Optional<List<String>> secretKeys(String namespace, String name) {
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null) {
      return Optional.empty();
    }
    TreeSet<String> keys = new TreeSet<>();
    if (s.getData() != null) {
      keys.addAll(s.getData().keySet());
    }
    if (s.getStringData() != null) {
      keys.addAll(s.getStringData().keySet());
    }
    return Optional.of(List.copyOf(keys));
  }

  /**
   * The core/v1 Events whose involvedObject is this CostCredential (same kind and name; same uid
   * when both have one), oldest first, as {@code kubectl describe} lists them.
   */
  public List<Event> events(String namespace, String name, String uid) {
    String kind = HasMetadata.getKind(CostCredential.class);
    List<Event> items =
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .withField("involvedObject.name", name)
            .withField("involvedObject.kind", kind)
            .list()
            .getItems();
    List<Event> out = new ArrayList<>();
    for (Event e : items) {
      var o = e.getInvolvedObject();
      if (o != null
          && kind.equals(o.getKind())
          && name.equals(o.getName())
          && (uid == null || o.getUid() == null || uid.equals(o.getUid()))) {
        out.add(e);
      }
    }
    out.sort(
        Comparator.comparing(
            (Event e) -> Times.parse(eventTime(e)),
            Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  /** When it last happened: lastTimestamp, else eventTime, else firstTimestamp, else creation. */
  static String eventTime(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    if (e.getFirstTimestamp() != null) {
      return e.getFirstTimestamp();
    }
    return e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
  }

  public JsonNode tree(Object o) {
    return client.getKubernetesSerialization().convertValue(o, JsonNode.class);
  }

  public String yaml(Object o) {
    return client.getKubernetesSerialization().asYaml(o);
  }

  private CredentialView view(GenericKubernetesResource r) {
    return new CredentialView(tree(r));
  }

  /** A kubectl-like one-line description of an API failure, as exit code 3. */
  public static CliException error(String what, KubernetesClientException e) {
    return new CliException(ExitCodes.API_ERROR, describe(what, e), e);
  }

  public static String describe(String what, KubernetesClientException e) {
    int code = e.getCode();
    if (code <= 0) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return what + ": cannot reach the API server: " + root;
    }
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    String reason =
        e.getStatus() != null && e.getStatus().getReason() != null
            ? e.getStatus().getReason()
            : "HTTP " + code;
    if (code == 404 && message != null && message.contains("the server could not find")) {
      message += " (is the CostCredential CRD installed?)";
    }
    return what + ": Error from server (" + reason + "): " + message;
  }
}
