package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The CostCredential informer's store: each object is kept as its JSON, deflated against a preset
 * dictionary of the API's field names and usual values, and read back through the client's mapper
 * on every {@link #get}. A cached CostCredential held as model objects is ~88 objects and ~2.9 KiB
 * of heap; packed it is ~370 bytes, 509 with its map entry and key (both measured by {@code
 * HeapOwners} between 1,000 and 5,000 credentials). Each read builds a fresh object, so no caller
 * can change the cache by changing what it was given.
 *
 * <p>Use it only where one informer fills it: JOSDK gives the same store to the informer of every
 * watched namespace, and each informer's re-list would remove the others' objects from a shared
 * one.
 */
public final class PackedCredentialStore implements ItemStore<CostCredential> {
  private static final String DICTIONARY = "packed-credential-dictionary.txt";
  private static final byte[] PRESET = preset();
  private static final int POOLED = 4;

  private final Map<String, byte[]> items = new ConcurrentHashMap<>();
  private final KubernetesSerialization serialization;
  private final Pool<Deflater> deflaters =
      new Pool<>(
          () -> new Deflater(Deflater.DEFAULT_COMPRESSION, true), Deflater::reset, Deflater::end);
  private final Pool<Inflater> inflaters =
      new Pool<>(() -> new Inflater(true), Inflater::reset, Inflater::end);

  /** {@code serialization}: the client's, so reads share strings as the informers' reads do. */
  public PackedCredentialStore(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public String getKey(CostCredential cr) {
    return Cache.metaNamespaceKeyFunc(cr);
  }

  @Override
  public CostCredential put(String key, CostCredential cr) {
    return unpack(items.put(key, pack(cr)));
  }

  @Override
  public CostCredential remove(String key) {
    return unpack(items.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<CostCredential> values() {
    return items.values().stream().map(this::unpack);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public CostCredential get(String key) {
    return unpack(items.get(key));
  }

  /** Bytes kept for the object under {@code key}, or -1: what the packing saves is measurable. */
  int packedSize(String key) {
    byte[] packed = items.get(key);
    return packed == null ? -1 : packed.length;
  }

  /** The JSON's length as 4 bytes, then the JSON deflated (raw, against {@link #PRESET}). */
  byte[] pack(CostCredential cr) {
    byte[] json = serialization.asJson(cr).getBytes(StandardCharsets.UTF_8);
    Deflater d = deflaters.take();
    try {
      d.setDictionary(PRESET);
      d.setInput(json);
      d.finish();
      byte[] out = new byte[json.length + 64];
      int n = 4;
      while (!d.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += d.deflate(out, n, out.length - n);
      }
      ByteBuffer.wrap(out).putInt(0, json.length);
      return Arrays.copyOf(out, n);
    } finally {
      deflaters.give(d);
    }
  }

  CostCredential unpack(byte[] packed) {
    if (packed == null) {
      return null;
    }
    int length = ByteBuffer.wrap(packed).getInt(0);
    byte[] json = new byte[length];
    Inflater i = inflaters.take();
    try {
      i.setDictionary(PRESET);
      i.setInput(packed, 4, packed.length - 4);
      int n = 0;
      while (n < length) {
        int read = i.inflate(json, n, length - n);
        if (read == 0 && (i.finished() || i.needsInput() || i.needsDictionary())) {
          throw new IllegalStateException(
              "packed CostCredential ends early: " + n + " of " + length);
        }
        n += read;
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("packed CostCredential is corrupt", e);
    } finally {
      inflaters.give(i);
    }
    return serialization.unmarshal(new ByteArrayInputStream(json), CostCredential.class);
  }

  private static byte[] preset() {
    try (InputStream in = PackedCredentialStore.class.getResourceAsStream(DICTIONARY)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DICTIONARY);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A few reusable zlib streams: each holds native memory (a deflater ~260 KiB), so their number is
   * bounded by {@value #POOLED} idle ones, and one more is made (and ended after use) only under
   * contention.
   */
  private static final class Pool<T> {
    private final BlockingQueue<T> idle = new ArrayBlockingQueue<>(POOLED);
    private final Supplier<T> make;
    private final Consumer<T> reset;
    private final Consumer<T> end;

    Pool(Supplier<T> make, Consumer<T> reset, Consumer<T> end) {
      this.make = make;
      this.reset = reset;
      this.end = end;
    }

    T take() {
      T t = idle.poll();
      return t != null ? t : make.get();
    }

    void give(T t) {
      reset.accept(t);
      if (!idle.offer(t)) {
        end.accept(t);
      }
    }
  }
}
