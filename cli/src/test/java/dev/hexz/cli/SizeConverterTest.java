package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SizeConverterTest {

    @Test
    void binaryUnitsInAnyCase() {
        assertEquals(4096, SizeConverter.parse("4096"));
        assertEquals(100, SizeConverter.parse("100B"));
        assertEquals(64 << 10, SizeConverter.parse("64K"));
        assertEquals(64 << 10, SizeConverter.parse("64k"));
        assertEquals(64 << 10, SizeConverter.parse("64KB"));
        assertEquals(64 << 10, SizeConverter.parse("64KiB"));
        assertEquals(1 << 20, SizeConverter.parse("1M"));
        assertEquals(1 << 20, SizeConverter.parse("1mib"));
        assertEquals(1L << 30, SizeConverter.parse("1GiB"));
        assertEquals(3L << 40, SizeConverter.parse("3T"));
        assertEquals(0, SizeConverter.parse("0"));
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertEquals("'' is not a size (expected a number with an optional unit, such as 4096, 64K, 1M or 1GiB)",
                assertThrows(TypeConversionException.class, () -> SizeConverter.parse("")).getMessage());
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("K"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("-1"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("1.5M"));
        assertEquals("'12X' has an unknown size unit 'X' (expected B, K, M, G or T, optionally followed by B or iB)",
                assertThrows(TypeConversionException.class, () -> SizeConverter.parse("12X")).getMessage());
        assertEquals("'9999999T' is too large",
                assertThrows(TypeConversionException.class, () -> SizeConverter.parse("9999999T")).getMessage());
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("99999999999999999999"));
    }
}
