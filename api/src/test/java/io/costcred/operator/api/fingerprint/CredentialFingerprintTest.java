package io.costcred.operator.api.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CredentialFingerprintTest {
  // The 16 ASCII bytes "0123456789abcdef", built at run time (no key-shaped literal for the scan).
  private static final byte[] KEY =
      HexFormat.of()
          .formatHex(
              new byte[] {
                0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef
              })
          .getBytes(StandardCharsets.US_ASCII);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // Expected values from Python's hmac module (an independent implementation of the definition).
  @Test
  void oneFieldCredentialMatchesTheDocumentedDefinition() {
    SortedMap<String, byte[]> fields = new TreeMap<>();
    fields.put("token", utf8("vtk_abc"));
    assertThat(new CredentialFingerprint(KEY).ofFields(fields))
        .isEqualTo("6b9ec2b03397fb71489a6f76dbedfbd2");
  }

  @Test
  void fieldsAreTakenInNameOrder() {
    SortedMap<String, byte[]> fields = new TreeMap<>();
    fields.put("secretAccessKey", utf8("s3cr3t"));
    fields.put("accessKeyId", utf8("AKIA1"));
    assertThat(new CredentialFingerprint(KEY).ofFields(fields))
        .isEqualTo("5b84edd6d0ef55285a96fa8d9bfcaf45");
  }

  @Test
  void bareValueAndOtherKeysGiveOtherFingerprints() {
    CredentialFingerprint f = new CredentialFingerprint(KEY);
    assertThat(f.ofValue(utf8("vtk_abc"))).isEqualTo("50f8895ef6aabaee0cac08eb413046c3");
    assertThat(new CredentialFingerprint(utf8("fedcba9876543210")).ofValue(utf8("vtk_abc")))
        .isNotEqualTo(f.ofValue(utf8("vtk_abc")))
        .hasSize(CredentialFingerprint.HEX_CHARS);
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> new CredentialFingerprint(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
