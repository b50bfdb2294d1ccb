package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {

    @TempDir
    Path tmp;

    @Test
    void namesTheLibrariesWhereJffiAndZstdJniKeepThem() {
        assertEquals(List.of(new NativeLibraryCache.Library("jni/x86_64-Linux/libjffi-1.2.so", "libjffi-1.2.so"),
                new NativeLibraryCache.Library("linux/amd64/libzstd-jni-1.5.7-28.so", "libzstd-jni-1.5.7-28.so")),
                NativeLibraryCache.librariesFor("Linux", "amd64", "1.5.7-28"));
        assertEquals("jni/aarch64-Linux/libjffi-1.2.so",
                NativeLibraryCache.librariesFor("Linux", "aarch64", "1.5.7-28").get(0).resource());
        assertEquals(List.of(), NativeLibraryCache.librariesFor("Mac OS X", "aarch64", "1.5.7-28"));
        assertEquals(List.of(), NativeLibraryCache.librariesFor("Linux", "riscv64", "1.5.7-28"));
    }

    @Test
    void unpacksBothLibrariesOnceBesideTheJarAndAgainForAnotherJar() throws IOException {
        Path jar = Files.write(tmp.resolve("hexz.jar"), new byte[] {1, 2, 3});
        NativeLibraryCache.Copies first = NativeLibraryCache.copiesFor(jar);
        assertNotNull(first.jffiDirectory(), "this platform's jffi library is on the test class path");
        assertNotNull(first.zstdLibrary());
        assertEquals(tmp.resolve(NativeLibraryCache.DIRECTORY), first.jffiDirectory().getParent());
        List<NativeLibraryCache.Library> libs = NativeLibraryCache.librariesFor(System.getProperty("os.name"),
                System.getProperty("os.arch"), com.github.luben.zstd.util.ZstdVersion.VERSION);
        assertArrayEquals(resource(libs.get(0).resource()), Files.readAllBytes(first.jffiDirectory().resolve("libjffi-1.2.so")));
        assertArrayEquals(resource(libs.get(1).resource()), Files.readAllBytes(first.zstdLibrary()));

        Object inode = Files.readAttributes(first.zstdLibrary(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        NativeLibraryCache.Copies again = NativeLibraryCache.copiesFor(jar);
        assertEquals(first, again);
        assertEquals(inode, Files.readAttributes(again.zstdLibrary(), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey(), "a kept copy is used as it is, not written again");
        try (var left = Files.list(first.jffiDirectory())) {
            assertEquals(2, left.count(), "no temporary file left beside the copies");
        }

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        NativeLibraryCache.Copies other = NativeLibraryCache.copiesFor(jar);
        assertFalse(other.jffiDirectory().equals(first.jffiDirectory()), "another jar gets a directory of its own");
        assertTrue(Files.isRegularFile(other.zstdLibrary()));
        assertFalse(Files.exists(first.jffiDirectory()), "the old jar's copies are removed");
    }

    @Test
    void keepsNoCopiesWhereTheyCouldNotBeLoaded() throws Exception {
        // zstd-jni fails rather than falls back when pointed at a library it cannot load
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a noexec tmpfs needs root");
        Path noexec = Files.createDirectories(tmp.resolve("noexec"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=8m", "tmpfs", noexec.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, mount.waitFor(), new String(mount.getInputStream().readAllBytes()));
        try {
            Path jar = Files.write(noexec.resolve("hexz.jar"), new byte[] {1, 2, 3});
            assertEquals(new NativeLibraryCache.Copies(null, null), NativeLibraryCache.copiesFor(jar));
        } finally {
            Process umount = new ProcessBuilder("umount", noexec.toString()).redirectErrorStream(true).start();
            if (!umount.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                umount.destroyForcibly();
            }
        }
    }

    @Test
    void theCopiesMayBeRun() throws IOException {
        NativeLibraryCache.Copies c = NativeLibraryCache.copiesFor(Files.write(tmp.resolve("hexz.jar"), new byte[] {4}));
        assertTrue(Files.isExecutable(c.zstdLibrary()));
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(c.jffiDirectory().resolve("libjffi-1.2.so"))));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NativeLibraryCacheTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
