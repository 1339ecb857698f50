package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class SizesTest {

    @Test
    void readsBytesAndBinaryUnits() {
        assertThat(Sizes.parse("65536")).isEqualTo(65536);
        assertThat(Sizes.parse("0")).isZero();
        assertThat(Sizes.parse("100B")).isEqualTo(100);
        assertThat(Sizes.parse("64KiB")).isEqualTo(64 * 1024);
        assertThat(Sizes.parse("1MiB")).isEqualTo(1 << 20);
        assertThat(Sizes.parse("256MiB")).isEqualTo(256L << 20);
        assertThat(Sizes.parse("3GiB")).isEqualTo(3L << 30);
    }

    @Test
    void shortUnitsMeanTheSameBinaryUnitsInAnyCase() {
        assertThat(Sizes.parse("64k")).isEqualTo(Sizes.parse("64KiB"));
        assertThat(Sizes.parse("64KB")).isEqualTo(Sizes.parse("64KiB"));
        assertThat(Sizes.parse("1mb")).isEqualTo(Sizes.parse("1MiB"));
        assertThat(Sizes.parse("1G")).isEqualTo(Sizes.parse("1GiB"));
        assertThat(Sizes.parse("1gib")).isEqualTo(Sizes.parse("1GiB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5MiB", "-1", "64 KiB", "KiB", "", "1e6"})
    void rejectsWhatIsNotASize(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a size: " + Sizes.GRAMMAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1TiB", "64kibi", "10mega", "5xB"})
    void rejectsAnUnknownUnit(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .hasMessage("'" + text + "' has an unknown unit: " + Sizes.GRAMMAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "9007199254740992GiB"})
    void rejectsSizesThatOverflowALong(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .hasMessage("'" + text + "' is too large a size");
    }

    @Test
    void anIntSizeStopsBelowTwoGibibytes() {
        assertThat(new Sizes.IntBytes().convert("2047MiB")).isEqualTo(2047 << 20);
        assertThatThrownBy(() -> new Sizes.IntBytes().convert("2GiB"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'2GiB' is too large: at most 2147483647 bytes");
    }
}
