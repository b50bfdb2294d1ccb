package dev.hexz.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A flat read-only tree of small files whose contents the test changes behind the kernel's back,
 * as a workspace's reset or restore does: to see whether the kernel was told.
 */
final class ChangingTree implements MountedTree {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> inodes = new ConcurrentHashMap<>();
    private final NodeAttributes root = new NodeAttributes(1, NodeKind.DIRECTORY, 0755, 0, 0, 0, 2, 0, 0);

    void put(String name, String content) {
        inodes.computeIfAbsent(name, n -> 2L + inodes.size());
        files.put(name, content.getBytes(StandardCharsets.UTF_8));
    }

    void drop(String name) {
        files.remove(name);
    }

    private NodeAttributes file(String name, byte[] bytes) {
        return new NodeAttributes(inodes.get(name), NodeKind.FILE, 0644, bytes.length, 0, 0, 1, 0, 0);
    }

    private byte[] bytes(String path) throws FsException {
        byte[] b = files.get(path.substring(1));
        if (b == null) {
            throw FsException.notFound(path);
        }
        return b;
    }

    @Override
    public NodeAttributes attributes(String path) throws IOException {
        return path.equals("/") ? root : file(path.substring(1), bytes(path));
    }

    @Override
    public List<DirectoryEntry> list(String path) {
        List<DirectoryEntry> out = new ArrayList<>();
        files.forEach((name, b) -> out.add(new DirectoryEntry(name, file(name, b))));
        return out;
    }

    @Override
    public String readSymlink(String path) throws IOException {
        throw FsException.invalid(path, "not a symlink");
    }

    @Override
    public OpenFile open(String path, int flags) throws IOException {
        byte[] b = bytes(path);
        return new OpenFile() {
            @Override
            public int read(long offset, byte[] dst, int off, int len) {
                int n = (int) Math.max(0, Math.min(len, b.length - offset));
                System.arraycopy(b, (int) offset, dst, off, n);
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public FsStatistics statistics() {
        return new FsStatistics(4096, 1, 0, 0, files.size(), 0, 255);
    }

    @Override
    public boolean readOnly() {
        return true;
    }
}
