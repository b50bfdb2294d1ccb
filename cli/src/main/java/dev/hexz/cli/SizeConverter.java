package dev.hexz.cli;

import java.util.Locale;
import java.util.OptionalLong;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses sizes such as {@code 4096}, {@code 64K}, {@code 1M}, {@code 1GiB}: a whole number and
 * an optional unit B, K, M, G or T, optionally followed by {@code B} or {@code iB}, in any case.
 * Every unit is binary ({@code 1K = 1KB = 1KiB = 1024}), since block and chunk sizes are.
 */
public final class SizeConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /** {@code text} as a size, or empty when it is not one (whoever reports it parses it again). */
    public static OptionalLong tryParse(String text) {
        try {
            return OptionalLong.of(parse(text));
        } catch (TypeConversionException e) {
            return OptionalLong.empty();
        }
    }

    /** Parses {@code text}; a {@link TypeConversionException} says what is wrong. */
    public static long parse(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new TypeConversionException("'" + text + "' is not a size (expected a number with an optional"
                    + " unit, such as 4096, 64K, 1M or 1GiB)");
        }
        String unit = s.substring(i).trim().toUpperCase(Locale.ROOT);
        int shift;
        switch (unit) {
            case "", "B" -> shift = 0;
            case "K", "KB", "KIB" -> shift = 10;
            case "M", "MB", "MIB" -> shift = 20;
            case "G", "GB", "GIB" -> shift = 30;
            case "T", "TB", "TIB" -> shift = 40;
            default -> throw new TypeConversionException("'" + text + "' has an unknown size unit '" + s.substring(i)
                    + "' (expected B, K, M, G or T, optionally followed by B or iB)");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is too large");
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new TypeConversionException("'" + text + "' is too large");
        }
        return n << shift;
    }
}
