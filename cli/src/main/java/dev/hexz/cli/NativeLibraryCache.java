package dev.hexz.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * Unpacks the native libraries of jffi (under jnr-fuse) and zstd-jni once per hexz jar, next to
 * the jar, and points both libraries there. Left to themselves, both copy their library out of
 * the jar into a new temporary file in every JVM before loading it: 56–73 ms for jffi on the
 * critical path of every mount server, 53–65 ms for zstd-jni on the first manifest read (the
 * tree of a directory mount). Loaded from a kept copy, jffi's load took 35–53 ms.
 *
 * <p>The copies live in {@code hexz-native/<jar size>-<jar mtime>/} beside the running jar, a
 * place as trusted as the jar itself (whoever can write there can replace the jar), never in a
 * shared temporary directory. A new jar gets a new directory and the old ones are removed. Each
 * copy is written to a temporary name, forced to disk and renamed into place, so a process never
 * loads a half-written library. Anything that goes wrong (no jar, a read-only directory, a
 * platform hexz does not know) leaves the libraries to their own way of loading.
 */
final class NativeLibraryCache {

    /** jffi looks for {@code libjffi-1.2.so} in these directories before unpacking its own. */
    static final String JFFI_PROPERTY = "jffi.boot.library.path";
    /** zstd-jni loads the file this names instead of unpacking its own. */
    static final String ZSTD_PROPERTY = "ZstdNativePath";
    static final String DIRECTORY = "hexz-native";

    /** One library: where it is in the jar, and what its copy is called. */
    record Library(String resource, String fileName) {
    }

    /** The kept copies for one jar: jffi's directory and zstd-jni's file (each null when not kept). */
    record Copies(Path jffiDirectory, Path zstdLibrary) {
    }

    private NativeLibraryCache() {
    }

    /** Points jffi and zstd-jni at kept copies beside the running jar, when there is one. Never throws. */
    static void useBesideRunningJar() {
        try {
            Path jar = Path.of(NativeLibraryCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar)) {
                use(jar);
            }
        } catch (RuntimeException | URISyntaxException | IOException e) {
            // the libraries unpack themselves, as without this class
        }
    }

    /** {@link #useBesideRunningJar} for {@code jar}: unpacks what is missing and sets the two properties. */
    static void use(Path jar) throws IOException {
        if (System.getProperty(JFFI_PROPERTY) != null || System.getProperty(ZSTD_PROPERTY) != null) {
            return; // chosen by whoever started this JVM
        }
        Copies c = copiesFor(jar);
        if (c.jffiDirectory() != null) {
            System.setProperty(JFFI_PROPERTY, c.jffiDirectory().toString());
        }
        if (c.zstdLibrary() != null) {
            System.setProperty(ZSTD_PROPERTY, c.zstdLibrary().toString());
        }
    }

    /** The copies beside {@code jar}, unpacked from this JVM's class path where missing. */
    static Copies copiesFor(Path jar) throws IOException {
        BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
        Path parent = jar.toAbsolutePath().getParent().resolve(DIRECTORY);
        Path dir = parent.resolve(a.size() + "-" + a.lastModifiedTime().toMillis());
        List<Library> libraries = librariesFor(System.getProperty("os.name"), System.getProperty("os.arch"),
                zstdVersion());
        if (libraries.isEmpty()) {
            return new Copies(null, null);
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            removeOthers(parent, dir);
        }
        Path jffi = unpacked(dir, libraries.get(0));
        Path zstd = unpacked(dir, libraries.get(1));
        return new Copies(jffi == null ? null : dir, zstd);
    }

    /**
     * Where jffi and zstd-jni keep their libraries in their jars, on this platform: jffi's
     * {@code jni/<cpu>-Linux/}, zstd-jni's {@code linux/<os.arch>/} (empty where hexz has not
     * checked the names: then nothing is cached).
     */
    static List<Library> librariesFor(String osName, String osArch, String zstdVersion) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || zstdVersion == null) {
            return List.of();
        }
        String cpu = switch (osArch == null ? "" : osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        if (cpu == null) {
            return List.of();
        }
        String zstdArch = cpu.equals("x86_64") ? "amd64" : cpu;
        String zstdName = "libzstd-jni-" + zstdVersion + ".so";
        return List.of(new Library("jni/" + cpu + "-Linux/libjffi-1.2.so", "libjffi-1.2.so"),
                new Library("linux/" + zstdArch + "/" + zstdName, zstdName));
    }

    private static String zstdVersion() {
        try {
            return com.github.luben.zstd.util.ZstdVersion.VERSION;
        } catch (LinkageError e) {
            return null;
        }
    }

    /**
     * The copy of {@code lib} in {@code dir}, unpacked now if missing; null if the jar lacks it or
     * the copy could not be run from there. zstd-jni does not fall back to its own copy when the
     * file it is pointed at fails to load, so a directory on a file system mounted noexec (where
     * {@code access(X_OK)} fails) must not be used.
     */
    static Path unpacked(Path dir, Library lib) throws IOException {
        Path target = dir.resolve(lib.fileName());
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return Files.isExecutable(target) ? target : null;
        }
        try (InputStream in = NativeLibraryCache.class.getClassLoader().getResourceAsStream(lib.resource())) {
            if (in == null) {
                return null;
            }
            Path tmp = Files.createTempFile(dir, lib.fileName(), ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return Files.isExecutable(target) ? target : null;
    }

    /** Removes the copies made for other jars (best effort: another JVM may still use them). */
    private static void removeOthers(Path parent, Path keep) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
            for (Path d : dirs) {
                if (!d.equals(keep) && Files.isDirectory(d)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                        for (Path f : files) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a later jar's first run tries again
        }
    }
}
