package dev.hexz.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tree of files f0…f(n-1) whose first read waits until n reads are in the tree at once (or
 * 10 s pass): a mount that serves one request at a time can never meet the barrier.
 */
final class BarrierTree implements MountedTree {

    static final int SIZE = 4096;

    private final int parties;
    private final CyclicBarrier barrier;
    private volatile boolean met;
    private final NodeAttributes root = new NodeAttributes(1, NodeKind.DIRECTORY, 0755, 0, 0, 0, 2, 0, 0);

    BarrierTree(int parties) {
        this.parties = parties;
        this.barrier = new CyclicBarrier(parties, () -> met = true);
    }

    boolean met() {
        return met;
    }

    void readQuietly(Path p) {
        try {
            Files.readAllBytes(p);
        } catch (IOException e) {
            // the test asserts on met()
        }
    }

    private NodeAttributes file(int i) {
        return new NodeAttributes(2 + i, NodeKind.FILE, 0644, SIZE, 0, 0, 1, 0, 0);
    }

    @Override
    public NodeAttributes attributes(String path) throws IOException {
        if (path.equals("/")) {
            return root;
        }
        for (int i = 0; i < parties; i++) {
            if (path.equals("/f" + i)) {
                return file(i);
            }
        }
        throw FsException.notFound(path);
    }

    @Override
    public List<DirectoryEntry> list(String path) {
        List<DirectoryEntry> out = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            out.add(new DirectoryEntry("f" + i, file(i)));
        }
        return out;
    }

    @Override
    public String readSymlink(String path) throws IOException {
        throw FsException.invalid(path, "not a symlink");
    }

    @Override
    public OpenFile open(String path, int flags) throws IOException {
        attributes(path);
        return new OpenFile() {
            @Override
            public int read(long offset, byte[] dst, int off, int len) throws IOException {
                if (offset == 0 && !met) {
                    try {
                        barrier.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                        // served one at a time: the read goes on, met() stays false
                    }
                }
                int n = (int) Math.max(0, Math.min(len, SIZE - offset));
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public FsStatistics statistics() {
        return new FsStatistics(4096, 0, 0, 0, parties + 1, 0, 255);
    }

    @Override
    public boolean readOnly() {
        return true;
    }
}
