package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two dumps of this JVM, 2,000 items apart: the growth per item lands on the right owners. */
class HeapOwnersTest {
  /** What the test adds: 2,000 items, each with a 100-character name and 10 ints. */
  record Item(String name, int[] counts) {}

  /** An owner: the list of items hangs from its field. */
  static final class Holder {
    final List<Item> items = new ArrayList<>();
  }

  private static final Holder HOLDER = new Holder();

  @Test
  void growthPerItemIsChargedToTheOwnersField(@TempDir Path dir) throws Exception {
    add(1000);
    Path small = dump(dir, "small");
    add(3000);
    Path large = dump(dir, "large");

    List<HeapOwners.Growth> rows =
        HeapOwners.growth(HeapOwners.shares(small), 1000, HeapOwners.shares(large), 3000);

    // an Item: 12 header + two references = 24 bytes, charged to Holder.items with the list's
    // array slot (4 bytes a slot, the array grows by half each time: 4-6 bytes an item)
    HeapOwners.Growth items = row(rows, Holder.class.getName(), "items");
    assertThat(items.objectsPerObject()).isCloseTo(1.0, within(0.01));
    assertThat(items.bytesPerObject()).isBetween(24.0, 32.0);
    // the name: a String (24) and its 100 bytes (16 + 100 -> 120)
    HeapOwners.Growth name = row(rows, Item.class.getName(), "name");
    assertThat(name.objectsPerObject()).isCloseTo(2.0, within(0.01));
    assertThat(name.bytesPerObject()).isCloseTo(144.0, within(1.0));
    // the counts: 16 + 10 * 4 = 56
    HeapOwners.Growth counts = row(rows, Item.class.getName(), "counts");
    assertThat(counts.bytesPerObject()).isCloseTo(56.0, within(1.0));
    assertThat(HeapOwners.byOwner(rows).get(0).owner()).isEqualTo(Item.class.getName());
    assertThat(HeapOwners.table(rows, 3)).contains("| 144 | 2.00 |", "`name`");
  }

  private static HeapOwners.Growth row(List<HeapOwners.Growth> rows, String owner, String field) {
    return rows.stream()
        .filter(g -> g.owner().equals(owner) && g.field().equals(field))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + owner + "." + field + " in " + rows));
  }

  private static void add(int upTo) {
    for (int i = HOLDER.items.size(); i < upTo; i++) {
      HOLDER.items.add(new Item(("%0100d").formatted(i), new int[10]));
    }
  }

  private static Path dump(Path dir, String name) throws Exception {
    Path file = dir.resolve(name + ".hprof");
    Files.deleteIfExists(file);
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpHeap(file.toString(), true);
    return file;
  }

  @Test
  void sharesOfOneDumpAddUpToItsObjects(@TempDir Path dir) throws Exception {
    Map<HeapOwners.Place, HeapOwners.Share> shares = HeapOwners.shares(dump(dir, "one"));
    long objects = shares.values().stream().mapToLong(HeapOwners.Share::objects).sum();
    assertThat(objects).isGreaterThan(10_000);
    assertThat(shares.values()).allSatisfy(s -> assertThat(s.bytes()).isPositive());
  }
}
