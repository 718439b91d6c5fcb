package io.costcred.operator.store.vault;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An SSLContext that trusts exactly the certificates of a PEM bundle (one or more). */
final class PemTrust {
  private PemTrust() {}

  static SSLContext sslContext(String pem) {
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (certs.isEmpty()) {
        throw invalid();
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw invalid();
    }
  }

  private static PermanentException invalid() {
    return new PermanentException(
        Reasons.INVALID_SPEC, "vault store: the CA bundle holds no readable PEM certificate");
  }
}
