package dev.hexz.format.extract;

import java.nio.file.Path;

/**
 * What an extraction wrote.
 *
 * @param destination the file written (stream and file archives) or the directory the tree went under
 * @param files regular files written
 * @param directories directories created or updated
 * @param symlinks symlinks created
 * @param bytes bytes of file content written
 */
public record ExtractResult(Path destination, long files, long directories, long symlinks, long bytes) {
}
