package dev.hexz.fuse;

import java.util.ArrayList;
import java.util.List;

/**
 * How to mount a tree.
 *
 * @param fsName what {@code mount} and {@code df} show as the source (hexz: the archive's path)
 * @param allowOther let other users see the mount (non-root needs {@code user_allow_other} in /etc/fuse.conf)
 * @param autoUnmount have fusermount unmount when the server dies, so a killed server leaves no dead mount
 * @param cacheTimeoutSeconds how long the kernel may keep names and attributes (an immutable tree: long)
 */
public record MountOptions(String fsName, boolean allowOther, boolean autoUnmount, int cacheTimeoutSeconds) {

    /** For an immutable archive: kernel caching for a day, auto-unmount on. */
    public static MountOptions forArchive(String fsName) {
        return new MountOptions(fsName, false, true, 86_400);
    }

    /**
     * For a writable tree whose contents can also change from outside the kernel (a workspace's
     * reset or restore): names and attributes cached for one second only.
     */
    public static MountOptions forWritableTree(String fsName) {
        return new MountOptions(fsName, false, true, 1);
    }

    public MountOptions withAllowOther(boolean allow) {
        return new MountOptions(fsName, allow, autoUnmount, cacheTimeoutSeconds);
    }

    public MountOptions withAutoUnmount(boolean auto) {
        return new MountOptions(fsName, allowOther, auto, cacheTimeoutSeconds);
    }

    /**
     * The {@code -o} options of libfuse 3's {@code fuse_session_new}: the mount's own (read-only
     * when the tree is, source and type, permission checks by the kernel from the modes,
     * auto-unmount, allow-other). What libfuse 2 took as options (kernel cache, our inode
     * numbers, timeouts, large writes) the low-level adapter does in code.
     */
    List<String> lowLevelArguments(boolean readOnly) {
        List<String> o = new ArrayList<>();
        if (readOnly) {
            o.add("ro");
        }
        o.add("fsname=" + escape(fsName));
        o.add("subtype=hexz");
        o.add("default_permissions");
        if (autoUnmount) {
            o.add("auto_unmount");
        }
        if (allowOther) {
            o.add("allow_other");
        }
        return List.of("-o", String.join(",", o));
    }

    /**
     * The libfuse 2 {@code -o} options: read-only when the tree is; the kernel page cache kept
     * across opens ({@code kernel_cache}: the bytes never change under it); our inode numbers
     * ({@code use_ino}, {@code readdir_ino}); permission checks by the kernel from the modes
     * ({@code default_permissions}); type {@code fuse.hexz}.
     */
    List<String> libfuse2Arguments(boolean readOnly) {
        List<String> o = new ArrayList<>();
        if (readOnly) {
            o.add("ro");
            o.add("kernel_cache");
        } else {
            o.add("big_writes");
            o.add("max_write=" + JnrFuseAdapter.MAX_WRITE);
            o.add("hard_remove");
        }
        o.add("fsname=" + escape(fsName));
        o.add("subtype=hexz");
        o.add("use_ino");
        o.add("readdir_ino");
        o.add("default_permissions");
        o.add("entry_timeout=" + cacheTimeoutSeconds);
        o.add("attr_timeout=" + cacheTimeoutSeconds);
        o.add("negative_timeout=" + cacheTimeoutSeconds);
        if (autoUnmount) {
            o.add("auto_unmount");
        }
        if (allowOther) {
            o.add("allow_other");
        }
        return List.of("-o", String.join(",", o));
    }

    /** libfuse splits -o at commas; a backslash escapes the next character. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,");
    }
}
