package io.costcred.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NameTableTest {
  /** An entry as a store keeps one: its place and a value. */
  private record Item(String namespace, Object name, int value) implements NameTable.Named {
    Item(String key, int value) {
      this(NameTable.Place.of(NameTable.namespaceOf(key), NameTable.nameOf(key), null), value);
    }

    Item(NameTable.Place at, int value) {
      this(at.namespace(), at.name(), value);
    }
  }

  private final NameTable<Item> table = new NameTable<>();

  @Test
  void findsEachEntryByItsInformerKeyAndReplacesItInPlace() {
    assertThat(table.put(new Item("team-a/db", 1))).isNull();
    assertThat(table.put(new Item("team-b/db", 2))).isNull();
    assertThat(table.put(new Item("cluster-wide", 3))).isNull();

    assertThat(table.get("team-a/db").value).isEqualTo(1);
    assertThat(table.get("team-b/db").value).isEqualTo(2);
    assertThat(table.get("cluster-wide").value).isEqualTo(3);
    assertThat(table.get("team-a/d")).isNull();
    assertThat(table.get("team-a/dbx")).isNull();
    assertThat(table.get("team-/db")).isNull();
    assertThat(table.get("db")).isNull();
    assertThat(table.get("x/cluster-wide")).isNull();

    assertThat(table.put(new Item("team-a/db", 4)).value).isEqualTo(1);
    assertThat(table.get("team-a/db").value).isEqualTo(4);
    assertThat(table.size()).isEqualTo(3);
    assertThat(table.entries().stream().map(NameTable::key))
        .containsExactlyInAnyOrder("team-a/db", "team-b/db", "cluster-wide");
  }

  @Test
  void anAsciiNameIsKeptAsBytesAnyOtherAsItsText() {
    assertThat(new Item("ns/web-0", 0).name).isInstanceOf(byte[].class);
    Item odd = new Item("ns/caf\u00e9-\u6771", 0);
    assertThat(odd.name).isEqualTo("caf\u00e9-\u6771");
    table.put(odd);
    assertThat(table.get("ns/caf\u00e9-\u6771")).isSameAs(odd);
    assertThat(NameTable.key(odd)).isEqualTo("ns/caf\u00e9-\u6771");
    assertThat(new Item("ns/x", 0).namespace).isSameAs("ns");
  }

  /**
   * Random puts and removes against a HashMap: removing from an open-addressing table moves later
   * entries back into the gap, and a mistake there loses entries that are still present.
   */
  @Test
  void agreesWithAHashMapThroughGrowthRemovalsAndShrinking() {
    Random random = new Random(42);
    Map<String, Integer> model = new HashMap<>();
    for (int round = 0; round < 200_000; round++) {
      String key = "ns-" + random.nextInt(7) + "/cc-" + random.nextInt(3_000);
      if (random.nextInt(3) == 0) {
        Item gone = table.remove(key);
        Integer was = model.remove(key);
        assertThat(gone == null ? null : gone.value).isEqualTo(was);
      } else {
        Item before = table.put(new Item(key, round));
        Integer was = model.put(key, round);
        assertThat(before == null ? null : before.value).isEqualTo(was);
      }
    }
    assertThat(table.size()).isEqualTo(model.size());
    model.forEach((k, v) -> assertThat(table.get(k).value).isEqualTo(v));
    List<String> keys = table.entries().stream().map(NameTable::key).toList();
    assertThat(keys).containsExactlyInAnyOrderElementsOf(model.keySet());

    model.keySet().forEach(table::remove);
    assertThat(table.size()).isZero();
    assertThat(table.entries()).isEmpty();
    table.put(new Item("ns-0/again", 1));
    assertThat(table.get("ns-0/again").value).isEqualTo(1);
  }

  /** Readers find every entry that is never removed while a writer churns the others. */
  @Test
  void readersSeeStableEntriesWhileAnotherThreadWrites() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      table.put(new Item("stable/s-" + i, i));
    }
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int round = 0; round < 50; round++) {
                  for (int i = 0; i < 2_000; i++) {
                    table.put(new Item("churn/c-" + i, i));
                  }
                  for (int i = 0; i < 2_000; i++) {
                    table.remove("churn/c-" + i);
                  }
                }
                done.set(true);
              });
      List<Future<Integer>> readers =
          List.of(pool.submit(() -> misses(done)), pool.submit(() -> misses(done)));
      writer.get();
      for (Future<Integer> r : readers) {
        assertThat(r.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private int misses(AtomicBoolean done) {
    int misses = 0;
    while (!done.get()) {
      for (int i = 0; i < 1_000; i += 7) {
        Item it = table.get("stable/s-" + i);
        if (it == null || it.value != i) {
          misses++;
        }
      }
    }
    return misses;
  }
}
