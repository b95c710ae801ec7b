package dev.allocation.adapters.json;

import dev.allocation.adapters.json.JsonCommandBodies.InvalidBody;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.model.Refusal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCommandBodiesTest {

    private final JsonCommandBodies bodies = new JsonCommandBodies("message body");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anObjectBecomesTheFieldsOfACommand() {
        Allocate command = bodies.parse(utf8("\uFEFF{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 3}")).allocate();

        assertThat(command).isEqualTo(new Allocate("o1", "LAMP", 3));
    }

    @Test
    void whatIsNotOneJsonObjectIsRefusedAsInvalidSayingWhere() {
        assertThatThrownBy(() -> bodies.parse(utf8("{\"sku\": \"LAMP\",\n \"qty\": }")))
                .isInstanceOf(InvalidBody.class)
                .hasMessage("The message body is not valid JSON (line 2, column 9)")
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThatThrownBy(() -> bodies.parse(utf8("{\"sku\": \"LAMP\"")))
                .hasMessageStartingWith("The message body ends before its JSON is complete (line 1");
        assertThatThrownBy(() -> bodies.parse(utf8("[1]"))).hasMessage("The message body must be a JSON object");
        assertThatThrownBy(() -> bodies.parse(utf8("{} {}"))).hasMessageStartingWith("The message body is not valid JSON");
        assertThatThrownBy(() -> bodies.parse(utf8("{\"qty\": 1, \"qty\": 2}"))).hasMessageStartingWith("The message body is not valid JSON");
        assertThatThrownBy(() -> bodies.parse(new byte[]{'{', (byte) 0xC3, '}'})).hasMessage("The message body is not valid UTF-8");
    }

    @Test
    void theBodyIsNamedAsTheAdapterNamesIt() {
        assertThatThrownBy(() -> new JsonCommandBodies("request body").parse(utf8("42")))
                .hasMessage("The request body must be a JSON object");
    }
}
