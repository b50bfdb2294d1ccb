package dev.hexz.cli;

import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code hexz build} profiles: a codec and a FastCDC average chunk (= block) size suited to a
 * kind of data, with min = avg/4 and max = avg*4. The codec runs at its default level.
 */
public enum BuildProfile {
    /** Model checkpoints and datasets: large blocks, fast codec. */
    ML(CodecId.LZ4, 128 << 10, "model weights and datasets"),
    /** Chip-design trees: many mid-sized files. */
    EDA(CodecId.LZ4, 64 << 10, "EDA/chip-design trees"),
    /** Firmware and embedded images: small blocks, tight codec. */
    EMBEDDED(CodecId.ZSTD, 32 << 10, "firmware and embedded images"),
    /** Anything else. */
    GENERIC(CodecId.LZ4, 64 << 10, "anything (the default)"),
    /** Cold storage: large blocks, tight codec. */
    ARCHIVAL(CodecId.ZSTD, 256 << 10, "cold storage, best ratio");

    private final CodecId codec;
    private final int blockSize;
    private final String purpose;

    BuildProfile(CodecId codec, int blockSize, String purpose) {
        this.codec = codec;
        this.blockSize = blockSize;
        this.purpose = purpose;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public CodecId codec() {
        return codec;
    }

    public int blockSize() {
        return blockSize;
    }

    public String purpose() {
        return purpose;
    }

    /** Writer options for this profile (threads: all cores). */
    public WriterOptions writerOptions() {
        return WriterOptions.defaults().withCodec(codec, 0).withChunking(ChunkingParams.fastCdcAround(blockSize));
    }

    /** Parses a profile's label, in any case. */
    public static BuildProfile ofLabel(String label) {
        for (BuildProfile p : values()) {
            if (p.label().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new TypeConversionException("unknown profile '" + label + "' (expected one of "
                + Arrays.stream(values()).map(BuildProfile::label).collect(Collectors.joining(", ")) + ")");
    }

    /** picocli converter for {@code --profile}. */
    public static final class Converter implements ITypeConverter<BuildProfile> {
        @Override
        public BuildProfile convert(String value) {
            return ofLabel(value);
        }
    }
}
