package dev.allocation.domain.commands;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same received fields make the same command, or the same refusal, whichever adapter received them. */
class MessageFieldsTest {

    private static MessageFields fields(Object... namesAndValues) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new MessageFields(fields);
    }

    @Test
    void makesEachCommandFromTheNamesClientsUse() {
        assertThat(fields("ref", "b1", "sku", "S", "qty", 5, "eta", "2030-01-31", "extra", List.of()).createBatch())
                .isEqualTo(new CreateBatch("b1", "S", 5, LocalDate.of(2030, 1, 31)));
        assertThat(fields("ref", "b1", "sku", "S", "qty", 5L).createBatch().eta()).isNull();
        assertThat(fields("orderid", "o1", "sku", "S", "qty", 3).allocate()).isEqualTo(new Allocate("o1", "S", 3));
        assertThat(fields("ref", "b1", "qty", 0).changeBatchQuantity()).isEqualTo(new ChangeBatchQuantity("b1", 0));
    }

    @Test
    void refusesMissingNullAndMistypedFieldsNamingThem() {
        assertThatThrownBy(() -> fields("sku", "S", "qty", 1).allocate()).hasMessage("Field 'orderid' is required");
        assertThatThrownBy(() -> fields("orderid", "o", "sku", null, "qty", 1).allocate()).hasMessage("Field 'sku' must not be null");
        assertThatThrownBy(() -> fields("orderid", 7, "sku", "S", "qty", 1).allocate()).hasMessage("Field 'orderid' must be a string");
        assertThatThrownBy(() -> fields("orderid", "o", "sku", "S", "qty", "1").allocate()).hasMessage("Field 'qty' must be a whole number");
        assertThatThrownBy(() -> fields("orderid", "o", "sku", "S", "qty", 1.0).allocate()).hasMessage("Field 'qty' must be a whole number");
        assertThatThrownBy(() -> fields("orderid", "o", "sku", "S", "qty", true).allocate()).hasMessage("Field 'qty' must be a whole number");
        assertThatThrownBy(() -> fields("ref", "b", "sku", "S", "qty", 1, "eta", 20300101).createBatch())
                .hasMessage("Field 'eta' must be a date as YYYY-MM-DD, or null");
        assertThatThrownBy(() -> fields("ref", "b", "sku", "S", "qty", 1, "eta", "2030-02-30").createBatch())
                .isInstanceOfSatisfying(InvalidCommand.class, e -> assertThat(e.field()).isEqualTo("eta"))
                .hasMessage("Field 'eta' must be a real date as YYYY-MM-DD, was '2030-02-30'");
    }

    @Test
    void wholeNumbersBeyondAnIntMeetTheRangeRule() {
        assertThatThrownBy(() -> fields("ref", "b", "qty", 3_000_000_000L).changeBatchQuantity())
                .hasMessage("Field 'qty' must be between 0 and 1000000000");
        assertThatThrownBy(() -> fields("ref", "b", "qty", new BigInteger("-99999999999999999999")).changeBatchQuantity())
                .hasMessage("Field 'qty' must be between 0 and 1000000000");
        assertThatThrownBy(() -> fields("ref", "b", "qty", -1).changeBatchQuantity())
                .hasMessage("Field 'qty' must be between 0 and 1000000000");
    }
}
