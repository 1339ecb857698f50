package io.herald.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one size grammar of every Herald option: a number of bytes, or a non-negative integer
 * followed, with no space, by a unit in powers of 1024: {@code KiB}, {@code MiB}, {@code GiB}.
 * {@code K}/{@code KB}, {@code M}/{@code MB} and {@code G}/{@code GB} mean the same (as in the
 * JVM's {@code -Xmx} and Flink's memory sizes) and {@code B} means bytes; case does not matter.
 * Examples: {@code 65536}, {@code 64KiB}, {@code 256MiB}, {@code 1GiB}.
 *
 * <p>A size option names its converter: {@code converter = Sizes.Bytes.class} for a {@code long},
 * {@code Sizes.IntBytes.class} for an {@code int} (at most 2 GiB - 1).
 */
public final class Sizes {

    /** The grammar, as error messages and {@code --help} state it. */
    public static final String GRAMMAR =
            "bytes, or an integer and a unit KiB, MiB or GiB, e.g. 65536, 64KiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+)([a-zA-Z]*)");

    private Sizes() {}

    /** Parses {@code text} into bytes; throws IllegalArgumentException saying what is wrong. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: " + GRAMMAR);
        }
        int shift =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "", "b" -> 0;
                    case "k", "kb", "kib" -> 10;
                    case "m", "mb", "mib" -> 20;
                    case "g", "gb", "gib" -> 30;
                    default ->
                            throw new IllegalArgumentException(
                                    "'" + text + "' has an unknown unit: " + GRAMMAR);
                };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size", e);
        }
    }

    /** Converter of a {@code long} size option. */
    public static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converter of an {@code int} size option: at most {@link Integer#MAX_VALUE} bytes. */
    public static final class IntBytes implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long bytes = new Bytes().convert(value);
            if (bytes > Integer.MAX_VALUE) {
                throw new TypeConversionException(
                        "'" + value + "' is too large: at most " + Integer.MAX_VALUE + " bytes");
            }
            return (int) bytes;
        }
    }
}
