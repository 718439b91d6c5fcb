package io.costcred.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kotlin.sequences.Sequence;
import shark.CloseableHeapGraph;
import shark.HeapField;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HeapValue;
import shark.HprofHeapGraph;
import shark.HprofRecordTag;

/**
 * Where the bytes of a heap dump are, by owner: every object is charged to the nearest object above
 * it (along the first reference to it found in the dump) whose class is the program's own, and to
 * the field of that owner it hangs from. Walked through on the way up: the JDK's classes
 * (collections, strings, boxed values), arrays, and the parts of Kubernetes and CostCredential
 * model objects; a resource (a model class with a {@code metadata} field, such as CostCredential)
 * is an owner. With two dumps at two sizes, {@link #growth} gives the bytes per extra managed
 * object of each owner and field: what grows with the number of objects.
 *
 * <p>The first reference stands in for the dominator, and sizes are those of a 64-bit HotSpot with
 * compressed references (12-byte object headers, 16-byte array headers, 4-byte references, 8-byte
 * alignment): a rough retained size, enough to see which structure grows. Run it on two dumps of
 * the restart phase ({@code --heap-dump-dir}): {@code java -cp bench/target/costcred-bench.jar
 * io.costcred.bench.HeapOwners DIR/costcred-1000.hprof 1000 DIR/costcred-5000.hprof 5000}.
 */
final class HeapOwners {
  private static final int HEADER = 12;
  private static final int ARRAY_HEADER = 16;
  private static final int REF = 4;
  private static final int MAX_DEPTH = 200;

  /** An owner class and its field: where an object is charged. */
  record Place(String owner, String field) {}

  /** Objects charged to one place and their shallow bytes. */
  record Share(long objects, long bytes) {}

  private static final Share NONE = new Share(0, 0);

  /**
   * Growth per extra managed object of one owner and field, from the smaller to the larger dump.
   */
  record Growth(String owner, String field, double objectsPerObject, double bytesPerObject) {}

  private final HeapGraph graph;
  private final long[] ids;
  private final int[] parent;
  private final String[] via;
  private final long[] size;

  /** The class name of each object (the class's own name for a class object), null if none. */
  private final String[] cls;

  /** Whether each object is an owner. */
  private final boolean[] owner;

  private final Map<String, Boolean> ownerClasses = new HashMap<>();

  private HeapOwners(HeapGraph graph) {
    this.graph = graph;
    ids = objectIds(graph);
    int n = ids.length;
    parent = new int[n];
    via = new String[n];
    size = new long[n];
    cls = new String[n];
    owner = new boolean[n];
    Arrays.fill(parent, -1);
  }

  /** Every object's id, sorted: an object's position in it is its index here. */
  private static long[] objectIds(HeapGraph graph) {
    long[] out = new long[Math.max(16, graph.getObjectCount())];
    int n = 0;
    for (HeapObject o : iterable(graph.getObjects())) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n + n / 2);
      }
      out[n++] = o.getObjectId();
    }
    out = Arrays.copyOf(out, n);
    Arrays.sort(out);
    return out;
  }

  /** The index of the object with this id, or -1 when the dump has no such object. */
  private int index(long id) {
    int i = Arrays.binarySearch(ids, id);
    return i < 0 ? -1 : i;
  }

  /** The shares of a dump, by owner and field. */
  static Map<Place, Share> shares(Path hprof) throws IOException {
    try (CloseableHeapGraph g =
        HprofHeapGraph.Companion.openHeapGraph(
            hprof.toFile(), null, HprofRecordTag.Companion.getRootTags())) {
      HeapOwners h = new HeapOwners(g);
      h.link();
      return h.charge();
    }
  }

  /**
   * Per owner and field, what each extra managed object adds from {@code small} (at {@code n1}
   * objects) to {@code large} (at {@code n2}), largest first.
   */
  static List<Growth> growth(Map<Place, Share> small, int n1, Map<Place, Share> large, int n2) {
    Set<Place> places = new LinkedHashSet<>(small.keySet());
    places.addAll(large.keySet());
    double span = n2 - n1;
    List<Growth> out = new ArrayList<>();
    for (Place p : places) {
      Share a = small.getOrDefault(p, NONE);
      Share b = large.getOrDefault(p, NONE);
      out.add(
          new Growth(
              p.owner(),
              p.field(),
              (b.objects() - a.objects()) / span,
              (b.bytes() - a.bytes()) / span));
    }
    out.sort((x, y) -> Double.compare(y.bytesPerObject(), x.bytesPerObject()));
    return out;
  }

  /** The same growth summed per owner class, largest first. */
  static List<Growth> byOwner(List<Growth> rows) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Growth g : rows) {
      double[] s = sums.computeIfAbsent(g.owner(), k -> new double[2]);
      s[0] += g.objectsPerObject();
      s[1] += g.bytesPerObject();
    }
    List<Growth> out = new ArrayList<>();
    sums.forEach((owner, s) -> out.add(new Growth(owner, "*", s[0], s[1])));
    out.sort((x, y) -> Double.compare(y.bytesPerObject(), x.bytesPerObject()));
    return out;
  }

  /** First pass: every object's size, and the first object found that refers to it. */
  private void link() {
    for (HeapObject.HeapClass c : iterable(graph.getClasses())) {
      int at = index(c.getObjectId());
      cls[at] = c.getName();
      owner[at] = true; // what hangs from a static field
      for (HeapField f : iterable(c.readStaticFields())) {
        Long ref = f.getValue().getAsObjectId();
        if (ref != null && ref != 0) {
          refer(at, ref, "static " + f.getName());
        }
      }
    }
    for (HeapObject.HeapInstance i : iterable(graph.getInstances())) {
      int at = index(i.getObjectId());
      long bytes = HEADER;
      for (HeapField f : iterable(i.readFields())) {
        HeapValue v = f.getValue();
        Long ref = v.getAsObjectId();
        bytes += ref != null ? REF : primitiveBytes(v);
        if (ref != null && ref != 0) {
          refer(at, ref, f.getName());
        }
      }
      size[at] = align(bytes);
      cls[at] = i.getInstanceClassName();
      owner[at] = ownerClasses.computeIfAbsent(i.getInstanceClassName(), name -> isOwner(i));
    }
    for (HeapObject.HeapObjectArray a : iterable(graph.getObjectArrays())) {
      int at = index(a.getObjectId());
      long length = 0;
      for (HeapValue v : iterable(a.readElements())) {
        length++;
        Long ref = v.getAsObjectId();
        if (ref != null && ref != 0) {
          refer(at, ref, "[]");
        }
      }
      size[at] = align(ARRAY_HEADER + REF * length);
    }
    for (HeapObject.HeapPrimitiveArray p : iterable(graph.getPrimitiveArrays())) {
      size[index(p.getObjectId())] = align(ARRAY_HEADER + (long) p.readByteSize());
    }
  }

  private void refer(int from, long targetId, String field) {
    int target = index(targetId);
    if (target >= 0 && target != from && parent[target] < 0) {
      parent[target] = from;
      via[target] = field;
    }
  }

  /** Second pass: charge every object to its owner and field. */
  private Map<Place, Share> charge() {
    Map<Place, long[]> sums = new HashMap<>();
    for (int i = 0; i < size.length; i++) {
      if (size[i] == 0) {
        continue; // a class object
      }
      long[] s = sums.computeIfAbsent(placeOf(i), k -> new long[2]);
      s[0]++;
      s[1] += size[i];
    }
    Map<Place, Share> out = new HashMap<>();
    sums.forEach((place, s) -> out.put(place, new Share(s[0], s[1])));
    return out;
  }

  /** The owner class and its field above object {@code index}. */
  private Place placeOf(int index) {
    int cur = parent[index];
    String field = via[index];
    for (int depth = 0; cur >= 0 && depth < MAX_DEPTH; depth++) {
      if (owner[cur]) {
        return new Place(cls[cur], field);
      }
      field = via[cur];
      cur = parent[cur];
    }
    return new Place("(root)", field == null ? "-" : field);
  }

  private static boolean isOwner(HeapObject.HeapInstance i) {
    String c = i.getInstanceClassName();
    if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
      return false;
    }
    if (c.startsWith("io.fabric8.kubernetes.api.model.")
        || c.startsWith("io.costcred.operator.api.")) {
      return hasMetadata(i);
    }
    return true;
  }

  /** A resource: a field named metadata somewhere in its class hierarchy. */
  private static boolean hasMetadata(HeapObject.HeapInstance i) {
    for (HeapObject.HeapClass c : iterable(i.getInstanceClass().getClassHierarchy())) {
      for (var f : c.readRecordFields()) {
        if ("metadata".equals(c.instanceFieldName(f))) {
          return true;
        }
      }
    }
    return false;
  }

  private static long primitiveBytes(HeapValue v) {
    if (v.getAsLong() != null || v.getAsDouble() != null) {
      return 8;
    }
    if (v.getAsInt() != null || v.getAsFloat() != null) {
      return 4;
    }
    if (v.getAsShort() != null || v.getAsChar() != null) {
      return 2;
    }
    return 1;
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  private static <T> Iterable<T> iterable(Sequence<T> s) {
    return s::iterator;
  }

  /** A Markdown table of the first {@code top} rows. */
  static String table(List<Growth> rows, int top) {
    StringBuilder sb =
        new StringBuilder("| bytes per object | objects per object | owner | field |\n");
    sb.append("|---:|---:|---|---|\n");
    double total = rows.stream().mapToDouble(Growth::bytesPerObject).sum();
    for (Growth g : rows.subList(0, Math.min(top, rows.size()))) {
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "| %.0f | %.2f | `%s` | `%s` |%n",
              g.bytesPerObject(),
              g.objectsPerObject(),
              g.owner(),
              g.field()));
    }
    sb.append(String.format(java.util.Locale.ROOT, "| **%.0f** | | all | |%n", total));
    return sb.toString();
  }

  /** {@code A.hprof N1 B.hprof N2 [TOP]}: prints the growth by owner, then by owner and field. */
  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: HeapOwners SMALL.hprof N1 LARGE.hprof N2 [TOP]");
      System.exit(2);
    }
    try {
      List<Growth> rows =
          growth(
              shares(Path.of(args[0])),
              Integer.parseInt(args[1]),
              shares(Path.of(args[2])),
              Integer.parseInt(args[3]));
      int top = args.length > 4 ? Integer.parseInt(args[4]) : 30;
      System.out.println("By owner class:\n");
      System.out.println(table(byOwner(rows), top));
      System.out.println("By owner and field:\n");
      System.out.println(table(rows, top));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
