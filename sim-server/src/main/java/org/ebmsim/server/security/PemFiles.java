package org.ebmsim.server.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files with the JDK alone: X.509 certificates ({@code BEGIN CERTIFICATE} blocks, in
 * file order) and unencrypted PKCS#8 private keys ({@code BEGIN PRIVATE KEY}: RSA, EC or
 * Ed25519, as {@code openssl genpkey} writes them). Errors name the file and what to do.
 */
final class PemFiles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private PemFiles() {}

  /** Every certificate of {@code file}; at least one. */
  static List<X509Certificate> certificates(Path file, String setting) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(file, setting)) {
        if (b.type().equals("CERTIFICATE")) {
          certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(setting + " = " + file + ": not a readable X.509 certificate ("
          + e.getMessage() + ")", e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(setting + " = " + file + ": no '-----BEGIN CERTIFICATE-----' block");
    }
    return certs;
  }

  /** The one private key of {@code file}. */
  static PrivateKey privateKey(Path file, String setting) {
    for (Block b : blocks(file, setting)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(b.der()));
            } catch (GeneralSecurityException e) {
              // the PKCS#8 header names the algorithm; try the next one
            }
          }
          throw new IllegalArgumentException(setting + " = " + file + ": a PKCS#8 key of an algorithm other than"
              + " RSA, EC or Ed25519");
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
            setting + " = " + file + ": a " + b.type() + " block; give an unencrypted PKCS#8 key"
                + " ('openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem')");
        default -> { } // certificates may share the file
      }
    }
    throw new IllegalArgumentException(setting + " = " + file + ": no '-----BEGIN PRIVATE KEY-----' block");
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file, String setting) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + " = " + file + ": cannot be read (" + e + ")", e);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting + " = " + file + ": a " + m.group(1) + " block that is not"
            + " base64", e);
      }
    }
    return blocks;
  }
}
