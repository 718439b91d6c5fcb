package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Packs a CostCredential into its JSON deflated against a preset dictionary of the API's field
 * names and usual values, and back through the client's mapper. One packer serves every {@link
 * PackedCredentialStore} of the operator (one per watched namespace), so its pooled zlib streams
 * are bounded once, not per namespace.
 */
public final class CredentialPacker {
  private static final String DICTIONARY = "packed-credential-dictionary.txt";
  private static final byte[] PRESET = preset();
  private static final int POOLED = 4;

  private final KubernetesSerialization serialization;
  private final Pool<Deflater> deflaters =
      new Pool<>(
          () -> new Deflater(Deflater.DEFAULT_COMPRESSION, true), Deflater::reset, Deflater::end);
  private final Pool<Inflater> inflaters =
      new Pool<>(() -> new Inflater(true), Inflater::reset, Inflater::end);

  /** {@code serialization}: the client's, so reads share strings as the informers' reads do. */
  public CredentialPacker(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** The JSON's length as 4 bytes, then the JSON deflated (raw, against {@link #PRESET}). */
  public byte[] pack(CostCredential cr) {
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

  public CostCredential unpack(byte[] packed) {
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
    try (InputStream in = CredentialPacker.class.getResourceAsStream(DICTIONARY)) {
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
