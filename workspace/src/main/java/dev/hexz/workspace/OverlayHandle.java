package dev.hexz.workspace;

import dev.hexz.format.ByteSink;
import dev.hexz.fuse.Errno;
import dev.hexz.fuse.FsException;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A FUSE handle on a workspace file. It holds the node itself, not its path: a renamed or
 * removed file stays readable and writable through it, as on a local disk.
 */
final class OverlayHandle implements OpenFile {

    private final Overlay overlay;
    private final OverlayNode node;
    private final FileContent content;
    private final boolean writable;
    private final boolean cachedPagesValid;
    private final AtomicBoolean closed = new AtomicBoolean();

    OverlayHandle(Overlay overlay, OverlayNode node, boolean writable) throws IOException {
        this.overlay = overlay;
        this.node = node;
        this.content = node.content;
        this.writable = writable;
        // the kernel keeps pages across opens only while nobody changed the bytes behind them
        this.cachedPagesValid = content.openedUnchangedSinceLastOpen();
        if (!content.opened()) {
            throw FsException.notFound(node.name); // removed (and its base closed by a commit) while opening
        }
    }

    @Override
    public int read(long offset, byte[] dst, int off, int len) throws IOException {
        return content.read(offset, dst, off, len);
    }

    @Override
    public int transferTo(long offset, int len, ByteSink sink) throws IOException {
        return content.readTo(offset, len, sink);
    }

    @Override
    public int write(long offset, java.nio.ByteBuffer src) throws IOException {
        if (!writable) {
            throw new FsException(Errno.EBADF, "", "not open for writing");
        }
        return overlay.write(node, offset, src);
    }

    @Override
    public void truncate(long size) throws IOException {
        overlay.truncate(node, size);
    }

    @Override
    public void sync(boolean dataOnly) throws IOException {
        content.sync();
    }

    @Override
    public NodeAttributes attributes() {
        synchronized (overlay) {
            return node.attributes();
        }
    }

    @Override
    public boolean cachedPagesValid() {
        return cachedPagesValid;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) { // a second close must not release another handle's hold
            content.released();
        }
    }
}
