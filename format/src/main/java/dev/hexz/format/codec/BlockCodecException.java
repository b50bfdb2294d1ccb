package dev.hexz.format.codec;

/** A stored block that its codec cannot decode to the expected length. */
public final class BlockCodecException extends Exception {
    public BlockCodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public BlockCodecException(String message) {
        super(message);
    }
}
