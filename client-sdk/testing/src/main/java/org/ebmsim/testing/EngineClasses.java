package org.ebmsim.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The engine's classes as the client side must (not) see them: the packages of the engine
 * (ebmsim-actors), the server, Pekko, OpenBLAS/JavaCPP and EJML, and a scan of the classpath
 * for classes in them.
 *
 * <p>The SDK's tests assert that the scan finds nothing (an application depending on the SDK
 * gets none of them); the CLI's tests, which have the server on their classpath, assert that it
 * finds every package, so the check cannot pass by looking in the wrong place.
 */
public final class EngineClasses {
  /** Package paths (as in a jar) that belong to the engine, the server or their native stack. */
  public static final List<String> PACKAGES = List.of(
      "org/apache/pekko/",
      "org/ebmsim/dynamics/",
      "org/ebmsim/actor/",
      "org/ebmsim/session/",
      "org/ebmsim/stream/",
      "org/ebmsim/family/",
      "org/ebmsim/server/",
      "org/bytedeco/",
      "org/ejml/");

  /** Well-known classes of those packages, for a direct {@code Class.forName} check. */
  public static final List<String> MARKERS = List.of(
      "org.apache.pekko.actor.typed.ActorSystem",
      "org.apache.pekko.stream.javadsl.Source",
      "org.ebmsim.server.EbmsimServer",
      "org.bytedeco.openblas.global.openblas",
      "org.bytedeco.javacpp.Loader",
      "org.ejml.data.DMatrixRMaj");

  private EngineClasses() {}

  /**
   * For each of {@link #PACKAGES}, up to three classes found under it on the classpath
   * ({@code java.class.path} and the {@code Class-Path} of the manifests of its jars), as
   * {@code location!entry}; packages with none map to an empty list.
   */
  public static Map<String, List<String>> onClasspath() {
    Map<String, List<String>> found = new LinkedHashMap<>();
    PACKAGES.forEach(p -> found.put(p, new ArrayList<>()));
    for (Path entry : classpath()) {
      if (Files.isDirectory(entry)) {
        scanDirectory(entry, found);
      } else if (Files.isRegularFile(entry)) {
        scanJar(entry, found);
      }
    }
    return found;
  }

  /** The classpath entries, following manifest {@code Class-Path} references (as surefire's booter jar uses). */
  static Set<Path> classpath() {
    Set<Path> out = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>();
    for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        todo.add(Path.of(e).toAbsolutePath().normalize());
      }
    }
    while (!todo.isEmpty()) {
      Path p = todo.poll();
      if (!out.add(p) || !Files.isRegularFile(p)) {
        continue;
      }
      try (JarFile jar = new JarFile(p.toFile())) {
        Manifest m = jar.getManifest();
        String refs = m == null ? null : m.getMainAttributes().getValue("Class-Path");
        if (refs != null) {
          for (String ref : refs.trim().split("\\s+")) {
            if (!ref.isEmpty()) {
              todo.add(Path.of(p.getParent().toUri().resolve(ref)).toAbsolutePath().normalize());
            }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // not a jar, or a reference that is not a file URI: nothing more to follow
      }
    }
    return out;
  }

  private static void scanJar(Path jar, Map<String, List<String>> found) {
    try (JarFile file = new JarFile(jar.toFile())) {
      file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
          .forEach(n -> record(jar + "!" + n, n, found));
    } catch (IOException e) {
      // not a jar (e.g. a resource file on the path): holds no classes
    }
  }

  private static void scanDirectory(Path dir, Map<String, List<String>> found) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
        String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
        record(dir + "!" + name, name, found);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + dir, e);
    }
  }

  private static void record(String where, String entry, Map<String, List<String>> found) {
    for (String p : PACKAGES) {
      if (entry.startsWith(p) && found.get(p).size() < 3) {
        found.get(p).add(where);
      }
    }
  }
}
