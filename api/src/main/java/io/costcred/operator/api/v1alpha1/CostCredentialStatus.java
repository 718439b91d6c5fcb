package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of a CostCredential: handles and fingerprints only, never token values. The flat
 * failure fields of earlier versions (failedAttempts, lastFailureTime, lastFailureReason) are
 * ignored on read; {@code lastFailure} replaces them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@SchemaCustomizer(
    value = ConditionsSchema.class,
    input = "Ready, Rotating, EmergencyRotation, RevocationRequired and Degraded, one per type.")
@JsonIgnoreProperties({"failedAttempts", "lastFailureTime", "lastFailureReason"})
public class CostCredentialStatus {
  @JsonPropertyDescription("metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Provider kind in use.")
  private String provider;

  @JsonPropertyDescription("Number of completed rotations.")
  private Long revision;

  @JsonPropertyDescription("The token every store serves.")
  private TokenHandle currentToken;

  @JsonPropertyDescription("The token being rolled out by the rotation in progress.")
  private TokenHandle pendingToken;

  @JsonPropertyDescription("The rotation in progress, written before each of its side effects.")
  private RotationRun rotation;

  @JsonPropertyDescription("Old tokens waiting to be revoked.")
  private List<PendingRevocation> pendingRevocations = new ArrayList<>();

  @JsonPropertyDescription(
      "Keys the operator deactivated (awsIamAccessKey), deleted after deleteInactiveAfter.")
  private List<InactiveKey> inactiveKeys = new ArrayList<>();

  @JsonPropertyDescription("What each store holds.")
  private List<StoreStatus> stores = new ArrayList<>();

  @JsonPropertyDescription("When the last rotation completed (RFC 3339).")
  private String lastRotationTime;

  @JsonPropertyDescription("When the next scheduled rotation is due (RFC 3339).")
  private String nextRotationTime;

  @JsonPropertyDescription(
      "The failure that stands, if any; paces retries across restarts (see LastFailure).")
  private LastFailure lastFailure;

  @JsonPropertyDescription("The last 10 rotations.")
  private List<RotationRecord> history = new ArrayList<>();

  @JsonPropertyDescription(
      "The last emergency rotation: request, outcome and the compromised token.")
  private EmergencyRecord lastEmergencyRotation;

  @JsonPropertyDescription("Value of the costcred.io/rotate annotation already acted on.")
  private String handledRotateRequest;

  @JsonPropertyDescription(
      "Value of the costcred.io/emergency-rotation annotation already acted on.")
  private String handledEmergencyRequest;

  @JsonPropertyDescription("Id of the status-subresource request already acted on.")
  private String handledStatusRequest;

  @JsonPropertyDescription(
      "A rotation requested through the status subresource (kubectl costcred rotate): no Git drift.")
  private RotationRequest requestedRotation;

  @JsonPropertyDescription("Fingerprints of pool tokens already taken, so none is used twice.")
  private List<String> consumedTokens = new ArrayList<>();

  @JsonPropertyDescription("Usable tokens left in the pool.")
  private Integer poolRemaining;

  @JsonPropertyDescription("Pool keys holding malformed tokens (names only), refused until fixed.")
  private List<String> poolMalformedKeys = new ArrayList<>();

  @JsonPropertyDescription(
      "Workloads and bare Pods that read a store Secret, restart targets first, then the others"
          + " (at most 50; consumersOmitted counts the rest), with their pods' cut-over.")
  private List<ConsumerStatus> consumers = new ArrayList<>();

  @JsonPropertyDescription("Consumers left out of the consumers list (it keeps 50).")
  private Integer consumersOmitted;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  public Long getRevision() {
    return revision;
  }

  public void setRevision(Long revision) {
    this.revision = revision;
  }

  public TokenHandle getCurrentToken() {
    return currentToken;
  }

  public void setCurrentToken(TokenHandle currentToken) {
    this.currentToken = currentToken;
  }

  public TokenHandle getPendingToken() {
    return pendingToken;
  }

  public void setPendingToken(TokenHandle pendingToken) {
    this.pendingToken = pendingToken;
  }

  public RotationRun getRotation() {
    return rotation;
  }

  public void setRotation(RotationRun rotation) {
    this.rotation = rotation;
  }

  public List<PendingRevocation> getPendingRevocations() {
    return pendingRevocations;
  }

  public void setPendingRevocations(List<PendingRevocation> pendingRevocations) {
    this.pendingRevocations = pendingRevocations;
  }

  public List<StoreStatus> getStores() {
    return stores;
  }

  public void setStores(List<StoreStatus> stores) {
    this.stores = stores;
  }

  public String getLastRotationTime() {
    return lastRotationTime;
  }

  public void setLastRotationTime(String lastRotationTime) {
    this.lastRotationTime = lastRotationTime;
  }

  public String getNextRotationTime() {
    return nextRotationTime;
  }

  public void setNextRotationTime(String nextRotationTime) {
    this.nextRotationTime = nextRotationTime;
  }

  public LastFailure getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(LastFailure lastFailure) {
    this.lastFailure = lastFailure;
  }

  public List<InactiveKey> getInactiveKeys() {
    return inactiveKeys;
  }

  public void setInactiveKeys(List<InactiveKey> inactiveKeys) {
    this.inactiveKeys = inactiveKeys;
  }

  public List<RotationRecord> getHistory() {
    return history;
  }

  public void setHistory(List<RotationRecord> history) {
    this.history = history;
  }

  public EmergencyRecord getLastEmergencyRotation() {
    return lastEmergencyRotation;
  }

  public void setLastEmergencyRotation(EmergencyRecord lastEmergencyRotation) {
    this.lastEmergencyRotation = lastEmergencyRotation;
  }

  public String getHandledRotateRequest() {
    return handledRotateRequest;
  }

  public void setHandledRotateRequest(String handledRotateRequest) {
    this.handledRotateRequest = handledRotateRequest;
  }

  public String getHandledEmergencyRequest() {
    return handledEmergencyRequest;
  }

  public void setHandledEmergencyRequest(String handledEmergencyRequest) {
    this.handledEmergencyRequest = handledEmergencyRequest;
  }

  public RotationRequest getRequestedRotation() {
    return requestedRotation;
  }

  public void setRequestedRotation(RotationRequest requestedRotation) {
    this.requestedRotation = requestedRotation;
  }

  public List<String> getConsumedTokens() {
    return consumedTokens;
  }

  public void setConsumedTokens(List<String> consumedTokens) {
    this.consumedTokens = consumedTokens;
  }

  public Integer getPoolRemaining() {
    return poolRemaining;
  }

  public void setPoolRemaining(Integer poolRemaining) {
    this.poolRemaining = poolRemaining;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getHandledStatusRequest() {
    return handledStatusRequest;
  }

  public void setHandledStatusRequest(String handledStatusRequest) {
    this.handledStatusRequest = handledStatusRequest;
  }

  public List<String> getPoolMalformedKeys() {
    return poolMalformedKeys;
  }

  public void setPoolMalformedKeys(List<String> poolMalformedKeys) {
    this.poolMalformedKeys = poolMalformedKeys;
  }

  public List<ConsumerStatus> getConsumers() {
    return consumers;
  }

  public void setConsumers(List<ConsumerStatus> consumers) {
    this.consumers = consumers;
  }

  public Integer getConsumersOmitted() {
    return consumersOmitted;
  }

  public void setConsumersOmitted(Integer consumersOmitted) {
    this.consumersOmitted = consumersOmitted;
  }
}
