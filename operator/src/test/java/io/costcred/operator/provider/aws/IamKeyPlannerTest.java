package io.costcred.operator.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.provider.aws.IamKeyPlanner.Action;
import io.costcred.operator.provider.aws.IamKeyPlanner.Facts;
import io.costcred.operator.provider.aws.IamKeyPlanner.Key;
import io.costcred.operator.provider.aws.IamKeyPlanner.Kind;
import io.costcred.operator.provider.aws.IamKeyPlanner.Plan;
import io.costcred.operator.provider.aws.IamKeyPlanner.QuotaFull;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The IAM orphan and quota rules as a table: facts in, IAM writes (or a refusal) out. */
class IamKeyPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** C is the ledger's current key throughout unless a row says otherwise. */
  static Stream<Arguments> rows() {
    return Stream.concat(quotaRows(), orphanRows());
  }

  /** Rows about the two-key quota. */
  static Stream<Arguments> quotaRows() {
    return Stream.of(
        row("no keys: nothing to do", keys(), none(), "C", set(), false, plan()),
        row("current only: room", keys(active("C", 1)), none(), "C", set("C"), false, plan()),
        row(
            "current + Inactive old: delete the old",
            keys(active("C", 1), inactive("O", 2)),
            none(),
            "C",
            set("C"),
            false,
            plan(del("O"))),
        row(
            "current + Active other: refused outside an emergency",
            keys(active("C", 1), active("A", 2)),
            none(),
            "C",
            set("C"),
            false,
            refused(List.of("C", "A"), List.of("A"), true)),
        row(
            "current + Active other in an emergency: deactivate, then delete",
            keys(active("C", 1), active("A", 2)),
            none(),
            "C",
            set("C"),
            true,
            plan(deactivate("A"), del("A"))),
        row(
            "emergency without a current key in the ledger: refused",
            keys(active("X", 1), active("A", 2)),
            none(),
            null,
            set(),
            true,
            refused(List.of("X", "A"), List.of("X", "A"), false)),
        row(
            "the status' key is protected even in an emergency",
            keys(active("C", 1), active("S", 2)),
            none(),
            "C",
            set("C", "S"),
            true,
            refused(List.of("C", "S"), List.of(), true)),
        row(
            "current Inactive (compromised, deactivated) is never deleted",
            keys(inactive("C", 1), active("A", 2)),
            none(),
            "C",
            set("C"),
            false,
            refused(List.of("C", "A"), List.of("A"), true)));
  }

  /** Rows about orphans: keys a lost attempt of this rotation minted. */
  static Stream<Arguments> orphanRows() {
    return Stream.of(
        row(
            "first attempt: a key not in any record is not an orphan",
            keys(active("C", 1), active("N", 5)),
            none(),
            "C",
            set("C"),
            false,
            refused(List.of("C", "N"), List.of("N"), true)),
        row(
            "retry: the key minted by the lost attempt is an orphan",
            keys(active("C", 1), active("N", 5)),
            existing("C"),
            "C",
            set("C"),
            false,
            plan(orphan("N"))),
        row(
            "retry: a used key absent from the record is someone else's, not an orphan",
            keys(active("C", 1), used("A", 5)),
            existing("C"),
            "C",
            set("C"),
            false,
            refused(List.of("C", "A"), List.of("A"), true)),
        row(
            "retry: keys recorded before the first mint are never orphans",
            keys(active("C", 1), inactive("O", 2)),
            existing("C", "O"),
            "C",
            set("C"),
            false,
            plan(del("O"))),
        row(
            "retry: the pending key is protected",
            keys(active("C", 1), active("P", 5)),
            existing("C"),
            "C",
            set("C", "P"),
            false,
            refused(List.of("C", "P"), List.of(), true)),
        row(
            "retry with two orphans and no current key: both go, oldest first",
            keys(active("N2", 7), active("N1", 6)),
            existing(),
            null,
            set(),
            false,
            plan(orphan("N1"), orphan("N2"))),
        row(
            "orphan removed, then the quota still refuses: orphan actions come with the refusal",
            keys(active("C", 1), active("S", 2), active("N", 5)),
            existing("C", "S"),
            "C",
            set("C", "S"),
            false,
            new Plan(
                List.of(orphan("N")),
                Optional.of(new QuotaFull(List.of("C", "S"), List.of(), true)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void plans(
      String name,
      List<Key> keys,
      Optional<Set<String>> existing,
      String current,
      Set<String> protectedIds,
      boolean emergency,
      Plan expected) {
    Plan actual =
        IamKeyPlanner.plan(
            new Facts(keys, existing, Optional.ofNullable(current), protectedIds, emergency));
    assertThat(actual).isEqualTo(expected);
  }

  /** Whatever the facts, a protected key is never the target of an action. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void protectedKeysAreNeverTouched(
      String name,
      List<Key> keys,
      Optional<Set<String>> existing,
      String current,
      Set<String> protectedIds,
      boolean emergency,
      Plan expected) {
    Plan actual =
        IamKeyPlanner.plan(
            new Facts(keys, existing, Optional.ofNullable(current), protectedIds, emergency));
    assertThat(actual.actions())
        .allSatisfy(a -> assertThat(protectedIds).doesNotContain(a.keyId()));
  }

  @Test
  void orphanCandidatesAreTheUnrecordedUnprotectedKeys() {
    assertThat(IamKeyPlanner.orphanCandidates(List.of("C", "N", "P"), none(), set("C"))).isEmpty();
    assertThat(
            IamKeyPlanner.orphanCandidates(
                List.of("C", "N", "P", "O"), existing("O"), set("C", "P")))
        .containsExactly("N");
  }

  @Test
  void stepNamesCarryNoIds() {
    assertThat(Arrays.stream(Kind.values()).map(Kind::stepName))
        .containsExactly("iam.deleteOrphan", "iam.deactivateSpare", "iam.deleteSpare");
  }

  private static Arguments row(
      String name,
      List<Key> keys,
      Optional<Set<String>> existing,
      String current,
      Set<String> protectedIds,
      boolean emergency,
      Plan expected) {
    return Arguments.of(name, keys, existing, current, protectedIds, emergency, expected);
  }

  private static List<Key> keys(Key... k) {
    return List.of(k);
  }

  private static Key active(String id, int minute) {
    return new Key(id, true, T0.plusSeconds(60L * minute));
  }

  private static Key used(String id, int minute) {
    return new Key(id, true, T0.plusSeconds(60L * minute), true);
  }

  private static Key inactive(String id, int minute) {
    return new Key(id, false, T0.plusSeconds(60L * minute));
  }

  private static Optional<Set<String>> none() {
    return Optional.empty();
  }

  private static Optional<Set<String>> existing(String... ids) {
    return Optional.of(Set.of(ids));
  }

  private static Set<String> set(String... ids) {
    return Set.of(ids);
  }

  private static Plan plan(Action... a) {
    return new Plan(List.of(a), Optional.empty());
  }

  private static Plan refused(List<String> keys, List<String> spare, boolean currentKnown) {
    return new Plan(List.of(), Optional.of(new QuotaFull(keys, spare, currentKnown)));
  }

  private static Action orphan(String id) {
    return new Action(Kind.DELETE_ORPHAN, id);
  }

  private static Action deactivate(String id) {
    return new Action(Kind.DEACTIVATE_SPARE, id);
  }

  private static Action del(String id) {
    return new Action(Kind.DELETE_SPARE, id);
  }
}
