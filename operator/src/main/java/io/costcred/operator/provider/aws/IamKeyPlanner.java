package io.costcred.operator.provider.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The IAM orphan and quota rules as a pure function: from the user's keys and the operator's
 * records, the ordered IAM writes that must happen before {@code CreateAccessKey}, or a refusal. No
 * I/O and no clock: {@link AwsIamAccessKeyProvider#prepare} gathers the facts and turns the actions
 * into steps the engine runs one by one.
 *
 * <p><b>Orphans.</b> Only once this rotation has recorded its mint intent (the keys that existed
 * before its first {@code CreateAccessKey}), a key absent from that record that is not protected
 * (the ledger's current or pending key, the key the status calls current) and has never been used
 * was minted by an attempt of this rotation whose result was lost: it is deleted. Such a key's
 * secret was never stored anywhere, so it cannot have been used; a used key absent from the record
 * was made by someone else during the rotation and is left alone (it counts towards the quota).
 *
 * <p><b>Quota (two keys per user).</b> With two keys left after that, a non-protected Inactive key
 * is deleted; failing that, in an emergency with a current key in the ledger, the non-protected
 * Active key is deactivated, then deleted; otherwise the rotation is refused. A protected key is
 * never touched.
 */
final class IamKeyPlanner {
  /** IAM's limit of access keys per user. */
  static final int QUOTA = 2;

  private IamKeyPlanner() {}

  /**
   * One access key as ListAccessKeys reports it (no secret).
   *
   * @param used whether IAM reports a last use; only asked for keys absent from the mint intent
   *     (false for the others, where it does not matter)
   */
  record Key(String id, boolean active, Instant created, boolean used) {
    /** A key whose last use was not asked for. */
    Key(String id, boolean active, Instant created) {
      this(id, active, created, false);
    }
  }

  /**
   * What the plan is computed from.
   *
   * @param keys the user's keys, in any order
   * @param existingBeforeThisRotation the keys this rotation's mint intent recorded; empty when
   *     this rotation has not recorded one (its first attempt: nothing can be its orphan)
   * @param ledgerCurrentKeyId the key the ledger serves as current, or empty
   * @param protectedKeyIds keys never touched: the ledger's current and pending keys and the key
   *     the status calls current
   * @param emergency an emergency rotation (an Active spare may go)
   */
  record Facts(
      List<Key> keys,
      Optional<Set<String>> existingBeforeThisRotation,
      Optional<String> ledgerCurrentKeyId,
      Set<String> protectedKeyIds,
      boolean emergency) {
    Facts {
      keys = List.copyOf(keys);
      protectedKeyIds = Set.copyOf(protectedKeyIds);
    }
  }

  /** One IAM write; {@link Kind#stepName} is the engine's crash-point name. */
  record Action(Kind kind, String keyId) {}

  /** What an action does. */
  enum Kind {
    /** Delete a never-used key an earlier attempt of this rotation minted and lost. */
    DELETE_ORPHAN("iam.deleteOrphan"),
    /** Set a non-current Active key Inactive (emergency only), before deleting it. */
    DEACTIVATE_SPARE("iam.deactivateSpare"),
    /** Delete a non-current Inactive key to make room under the quota. */
    DELETE_SPARE("iam.deleteSpare");

    private final String stepName;

    Kind(String stepName) {
      this.stepName = stepName;
    }

    /** A stable name without ids, e.g. {@code iam.deleteOrphan}. */
    String stepName() {
      return stepName;
    }
  }

  /**
   * The outcome: the actions to run in order, and whether a key can then be minted.
   *
   * @param actions the IAM writes, in order; with a refusal only orphan deletions (they free what a
   *     lost attempt took, whatever happens next)
   * @param refusal why no key can be minted even after the actions, or empty
   */
  record Plan(List<Action> actions, Optional<QuotaFull> refusal) {
    Plan {
      actions = List.copyOf(actions);
    }
  }

  /**
   * Both keys are Active and none may be removed outside an emergency (or without a known current
   * key).
   *
   * @param keyIds the user's keys after orphan removal
   * @param spareKeyIds the ones an admin could deactivate (not protected)
   * @param currentKnown whether the ledger knows the current key
   */
  record QuotaFull(List<String> keyIds, List<String> spareKeyIds, boolean currentKnown) {}

  /** Keys whose last use decides whether they are orphans: absent from this rotation's record. */
  static List<String> orphanCandidates(
      List<String> keyIds, Optional<Set<String>> existing, Set<String> protectedKeyIds) {
    return existing
        .map(e -> keyIds.stream().filter(id -> !e.contains(id) && !protectedKeyIds.contains(id)))
        .map(ids -> ids.toList())
        .orElse(List.of());
  }

  /** The plan for the given facts. */
  static Plan plan(Facts f) {
    List<Key> remaining = new ArrayList<>(f.keys());
    remaining.sort(Comparator.comparing(Key::created).thenComparing(Key::id));
    List<Action> actions = new ArrayList<>();
    if (f.existingBeforeThisRotation().isPresent()) {
      Set<String> existing = f.existingBeforeThisRotation().get();
      for (Key k : List.copyOf(remaining)) {
        if (!existing.contains(k.id()) && !f.protectedKeyIds().contains(k.id()) && !k.used()) {
          actions.add(new Action(Kind.DELETE_ORPHAN, k.id()));
          remaining.remove(k);
        }
      }
    }
    if (remaining.size() < QUOTA) {
      return new Plan(actions, Optional.empty());
    }
    List<Key> spare =
        remaining.stream().filter(k -> !f.protectedKeyIds().contains(k.id())).toList();
    Optional<Key> inactive = spare.stream().filter(k -> !k.active()).findFirst();
    if (inactive.isPresent()) {
      actions.add(new Action(Kind.DELETE_SPARE, inactive.get().id()));
      return new Plan(actions, Optional.empty());
    }
    if (f.emergency() && f.ledgerCurrentKeyId().isPresent() && !spare.isEmpty()) {
      String victim = spare.get(0).id();
      actions.add(new Action(Kind.DEACTIVATE_SPARE, victim));
      actions.add(new Action(Kind.DELETE_SPARE, victim));
      return new Plan(actions, Optional.empty());
    }
    return new Plan(
        actions,
        Optional.of(
            new QuotaFull(
                remaining.stream().map(Key::id).toList(),
                spare.stream().map(Key::id).toList(),
                f.ledgerCurrentKeyId().isPresent())));
  }
}
