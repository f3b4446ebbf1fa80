package org.ebmsim.server.security;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away PKI for the TLS tests, written as PEM files into a folder: a CA; a server
 * certificate for localhost and 127.0.0.1 and a client certificate, both signed by it; an
 * expired server certificate signed by it; and a second CA unrelated to the first. EC P-256
 * keys (fast to make), PKCS#8 key files as {@code openssl genpkey} writes them. Public for the
 * CLI's tests, which get it from this module's test jar.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;
  public final Path expiredCert;
  public final Path expiredKey;
  public final Path otherCaCert;
  public final Path otherClientCert;
  public final Path otherClientKey;

  private TestCertificates(Path dir) throws Exception {
    Instant now = Instant.now();
    Date from = Date.from(now.minus(Duration.ofDays(1)));
    Date to = Date.from(now.plus(Duration.ofDays(1)));
    KeyPair ca = keys();
    X509Certificate caC = sign("CN=ebmsim test CA", ca, "CN=ebmsim test CA", ca, from, to, Kind.CA);
    KeyPair server = keys();
    X509Certificate serverC = sign("CN=localhost", server, "CN=ebmsim test CA", ca, from, to, Kind.SERVER);
    KeyPair client = keys();
    X509Certificate clientC = sign("CN=test client", client, "CN=ebmsim test CA", ca, from, to, Kind.CLIENT);
    KeyPair expired = keys();
    X509Certificate expiredC = sign("CN=localhost", expired, "CN=ebmsim test CA", ca,
        Date.from(now.minus(Duration.ofDays(10))), Date.from(now.minus(Duration.ofDays(1))), Kind.SERVER);
    KeyPair other = keys();
    X509Certificate otherC = sign("CN=unrelated CA", other, "CN=unrelated CA", other, from, to, Kind.CA);
    KeyPair otherClient = keys();
    X509Certificate otherClientC = sign("CN=stranger", otherClient, "CN=unrelated CA", other, from, to, Kind.CLIENT);
    caCert = write(dir.resolve("ca.pem"), caC);
    serverCert = write(dir.resolve("server.pem"), serverC);
    serverKey = write(dir.resolve("server.key"), server);
    clientCert = write(dir.resolve("client.pem"), clientC);
    clientKey = write(dir.resolve("client.key"), client);
    expiredCert = write(dir.resolve("expired.pem"), expiredC);
    expiredKey = write(dir.resolve("expired.key"), expired);
    otherCaCert = write(dir.resolve("other-ca.pem"), otherC);
    otherClientCert = write(dir.resolve("stranger.pem"), otherClientC);
    otherClientKey = write(dir.resolve("stranger.key"), otherClient);
  }

  /** Makes every certificate and key in {@code dir}. */
  public static TestCertificates in(Path dir) {
    try {
      return new TestCertificates(dir);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make test certificates", e);
    }
  }

  private enum Kind { CA, SERVER, CLIENT }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
      Date from, Date to, Kind kind) throws IOException, GeneralSecurityException, OperatorCreationException {
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        BigInteger.valueOf(SERIAL.incrementAndGet()), from, to, new X500Name(subject), subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(kind == Kind.CA));
    if (kind == Kind.CA) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          kind == Kind.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
    }
    if (kind == Kind.SERVER) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static Path write(Path file, X509Certificate cert) throws IOException, GeneralSecurityException {
    return pem(file, "CERTIFICATE", cert.getEncoded());
  }

  private static Path write(Path file, KeyPair keys) throws IOException {
    return pem(file, "PRIVATE KEY", keys.getPrivate().getEncoded()); // the JDK encodes private keys as PKCS#8
  }

  private static Path pem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
        StandardCharsets.US_ASCII);
    return file;
  }
}
