package dev.calibrate.kernel.money;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @ParameterizedTest(name = "{0} has {1} minor units")
    @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "BHD, 3"})
    void scaleIsTheCurrencysMinorUnits(String currency, int minorUnits) {
        assertThat(Money.minorUnits(currency)).isEqualTo(minorUnits);
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
            "21.6,   USD, 21.60",
            "21,     USD, 21.00",
            "21.600, USD, 21.60",
            "1200,   JPY, 1200",
            "1200.0, JPY, 1200",
            "1.25,   BHD, 1.250",
            "1.250,  BHD, 1.250"})
    void amountsAreKeptAtTheCurrencysScale(String amount, String currency, String normalised) {
        Money money = Money.parse(amount, currency, "price");

        assertThat(money.amount().toPlainString()).isEqualTo(normalised);
        assertThat(money.amount().scale()).isEqualTo(Money.minorUnits(currency));
    }

    @Test
    void theSameAmountAtAnotherScaleIsEqual() {
        assertThat(new Money(new BigDecimal("21.6"), "USD")).isEqualTo(new Money(new BigDecimal("21.60"), "USD"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"21.605, USD", "1200.5, JPY", "1.2505, BHD"})
    void rejectsMoreDecimalsThanTheCurrencyHasNamingTheField(String amount, String currency) {
        assertThatThrownBy(() -> Money.parse(amount, currency, "prices[0].amount"))
                .isInstanceOfSatisfying(InvalidMoney.class,
                        e -> assertThat(e.field()).isEqualTo("prices[0].amount"));
    }

    @Test
    void rejectsMoreDecimalsThanTheCurrencyHasWhenConstructed() {
        assertThatThrownBy(() -> new Money(new BigDecimal("21.605"), "USD"))
                .isInstanceOfSatisfying(InvalidMoney.class, e -> assertThat(e.field()).isEqualTo("amount"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ABC", "usd", "US", "USDX", "XXX"})
    void rejectsACodeThatIsNotAPriceableCurrency(String currency) {
        assertThatThrownBy(() -> Money.minorUnits(currency))
                .isInstanceOfSatisfying(InvalidMoney.class, e -> assertThat(e.field()).isEqualTo("currency"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ABC", "usd", "XXX"})
    void parseRejectsABadCurrencyNamingTheCurrencyBesideTheAmount(String currency) {
        assertThatThrownBy(() -> Money.parse("1.00", currency, "prices[3].amount"))
                .isInstanceOfSatisfying(InvalidMoney.class,
                        e -> assertThat(e.field()).isEqualTo("prices[3].currency"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "21,60", "1e3", "0x10", " 21.60", "21.", ".60", "+21.60", "21.60 USD",
            "1.1234567", "1234567890123456"})
    void parseRejectsAStringThatIsNotADecimal(String amount) {
        assertThatThrownBy(() -> Money.parse(amount, "USD", "cost.amount"))
                .isInstanceOfSatisfying(InvalidMoney.class,
                        e -> assertThat(e.field()).isEqualTo("cost.amount"));
    }

    @Test
    void jsonHasTheAmountAsAStringAtTheCurrencysScale() throws Exception {
        assertThat(mapper.writeValueAsString(new Money(new BigDecimal("21.6"), "USD")))
                .isEqualTo("{\"amount\":\"21.60\",\"currency\":\"USD\"}");
        assertThat(mapper.writeValueAsString(new Money(new BigDecimal("1200"), "JPY")))
                .isEqualTo("{\"amount\":\"1200\",\"currency\":\"JPY\"}");
        assertThat(mapper.writeValueAsString(new Money(new BigDecimal("1.25"), "BHD")))
                .isEqualTo("{\"amount\":\"1.250\",\"currency\":\"BHD\"}");
    }

    @Test
    void jsonHasOnlyAmountAndCurrency() throws Exception {
        String json = mapper.writeValueAsString(new Money(new BigDecimal("-3.50"), "EUR"));

        assertThat(json).isEqualTo("{\"amount\":\"-3.50\",\"currency\":\"EUR\"}");
        assertThat(mapper.readTree(json).fieldNames()).toIterable().containsExactly("amount", "currency");
    }

    @Test
    void jsonReadsBackWhatItWrote() throws Exception {
        for (Money money : new Money[]{new Money(new BigDecimal("21.60"), "USD"),
                new Money(new BigDecimal("1200"), "JPY"), new Money(new BigDecimal("1.250"), "BHD")}) {
            assertThat(mapper.readValue(mapper.writeValueAsString(money), Money.class)).isEqualTo(money);
        }
    }
}
