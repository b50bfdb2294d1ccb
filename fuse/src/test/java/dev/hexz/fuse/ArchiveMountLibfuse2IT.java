package dev.hexz.fuse;

/** {@link ArchiveMountIT}'s tests through the libfuse 2 (jnr-fuse) fallback. */
class ArchiveMountLibfuse2IT extends ArchiveMountIT {

    @Override
    FuseApi api() {
        return FuseApi.LIBFUSE2;
    }
}
