package dev.hexz.fuse;

import java.util.List;

/** A tree with only an empty root: what {@link FuseMount#preloadInBackground} builds an adapter on. */
final class EmptyTree implements MountedTree {

    static final EmptyTree INSTANCE = new EmptyTree();

    private static final NodeAttributes ROOT = new NodeAttributes(1, NodeKind.DIRECTORY, 0755, 0, 0, 0, 2, 0, 0);

    @Override
    public NodeAttributes attributes(String path) throws FsException {
        if (path.equals("/")) {
            return ROOT;
        }
        throw FsException.notFound(path);
    }

    @Override
    public List<DirectoryEntry> list(String path) throws FsException {
        attributes(path);
        return List.of();
    }

    @Override
    public String readSymlink(String path) throws FsException {
        throw FsException.notFound(path);
    }

    @Override
    public OpenFile open(String path, int flags) throws FsException {
        throw FsException.notFound(path);
    }

    @Override
    public FsStatistics statistics() {
        return new FsStatistics(4096, 0, 0, 0, 1, 0, 255);
    }

    @Override
    public boolean readOnly() {
        return true;
    }
}
