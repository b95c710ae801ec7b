package dev.allocation.adapters.messaging;

import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.MessageRoutes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Command messages through the real bus over a fake database: the answers HTTP would give, once per message id. */
class InboundCommandsTest {

    private final MessageRoutes registry = new Handlers(new FakeNotifications()).registry();
    private final FakeDatabase database = new FakeDatabase(registry);
    private final InboundCommands commands = new InboundCommands(Buses.over(database, registry));

    private Outcome send(String kind, String messageId, String body) {
        return commands.handle(kind, messageId, "c-1", body.getBytes(StandardCharsets.UTF_8));
    }

    private int available(String sku, String ref) {
        return database.committed(sku).orElseThrow().batch(ref).orElseThrow().availableQuantity();
    }

    @Test
    void eachCommandAnswersAsItsHttpRouteDoes() {
        assertThat(send("add_batch", "m-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10, \"eta\": null}"))
                .isEqualTo(new Outcome(201, Map.of("ref", "b1"), false));
        assertThat(send("allocate", "m-2", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}"))
                .isEqualTo(new Outcome(201, Map.of("batchref", "b1"), false));
        assertThat(send("change_batch_quantity", "m-3", "{\"ref\": \"b1\", \"qty\": 6}"))
                .isEqualTo(new Outcome(200, Map.of("ref", "b1", "qty", 6), false));
        assertThat(send("change_batch_quantity", "m-4", "{\"batchref\": \"b1\", \"qty\": 5}")).as("the book's form")
                .isEqualTo(new Outcome(200, Map.of("ref", "b1", "qty", 5), false));
        assertThat(send("allocate", "m-5", "{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 40}"))
                .as("out of stock is an answer, not a refusal")
                .isEqualTo(new Outcome(409, Map.of("message", "Out of stock for LAMP"), false));
        assertThat(available("LAMP", "b1")).isEqualTo(1);
    }

    @Test
    void deallocateReleasesALineAndABackorderWaits() {
        send("add_batch", "m-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10}");
        send("allocate", "m-2", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}");

        Outcome released = send("deallocate", "m-3", "{\"orderid\": \"o1\", \"sku\": \"LAMP\"}");
        Outcome waiting = send("allocate", "m-4", "{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 40, \"backorder\": true}");

        assertThat(released.status()).isEqualTo(200);
        assertThat(released.body()).isEqualTo(Map.of("orderid", "o1", "sku", "LAMP", "qty", 4, "batchref", "b1"));
        assertThat(available("LAMP", "b1")).isEqualTo(10);
        assertThat(waiting).isEqualTo(new Outcome(202, Map.of("status", "backordered"), false));
    }

    @Test
    void aMessageIdTakesEffectOnce() {
        send("add_batch", "m-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10}");
        send("allocate", "m-2", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}");

        Outcome again = send("allocate", "m-2", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}");
        Outcome sameIdOtherLine = send("allocate", "m-2", "{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 4}");

        assertThat(again).isEqualTo(new Outcome(200, Map.of("message", "Message m-2 has taken effect already"), false));
        assertThat(sameIdOtherLine.status()).isEqualTo(200);
        assertThat(available("LAMP", "b1")).isEqualTo(6);
    }

    @Test
    void messagesThatCanNeverSucceedAreRefusedWithTheHttpRoutesMessage() {
        send("add_batch", "m-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10}");
        send("allocate", "m-2", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}");

        assertThat(send("allocate", null, "{}")).isEqualTo(Outcome.refused(400, "The message must carry a message_id of 1 to 255 characters"));
        assertThat(send("allocate", "x".repeat(256), "{}").status()).isEqualTo(400);
        assertThat(send("allocate", "m\u0000-1", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 1}"))
                .as("a PostgreSQL text column cannot hold U+0000: refused, not retried forever")
                .isEqualTo(Outcome.refused(400, "The message_id must not contain control characters"));
        assertThat(send("reserve", "m-3", "{}").message()).startsWith("Unknown command 'reserve'");
        assertThat(send("deallocate", "m-3", "{\"orderid\": \"o9\", \"sku\": \"LAMP\"}"))
                .isEqualTo(Outcome.refused(404, "No line for LAMP in order o9"));
        assertThat(send("allocate", "m-4", "{\"orderid\": ")).isEqualTo(Outcome.refused(400, "The message body ends before its JSON is complete (line 1, column 13)"));
        assertThat(send("allocate", "m-5", "[]")).isEqualTo(Outcome.refused(400, "The message body must be a JSON object"));
        assertThat(send("allocate", "m-6", "{\"orderid\": \"o\", \"sku\": \"LAMP\", \"qty\": \"4\"}"))
                .isEqualTo(Outcome.refused(400, "Field 'qty' must be a whole number"));
        assertThat(send("allocate", "m-7", "{\"orderid\": \" \", \"sku\": \"LAMP\", \"qty\": 4}").message()).contains("'orderid'");
        assertThat(send("allocate", "m-8", "{\"orderid\": \"o9\", \"sku\": \"SOFA\", \"qty\": 4}"))
                .isEqualTo(Outcome.refused(400, "Invalid sku SOFA"));
        assertThat(send("change_batch_quantity", "m-9", "{\"ref\": \"nope\", \"qty\": 4}"))
                .isEqualTo(Outcome.refused(404, "Unknown batch nope"));
        assertThat(send("change_batch_quantity", "m-10", "{\"batchref\": 7, \"qty\": 4}"))
                .isEqualTo(Outcome.refused(400, "Field 'batchref' must be a string"));
        assertThat(send("add_batch", "m-11", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 11}").status()).isEqualTo(409);
        assertThat(send("allocate", "m-12", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 5}").status()).isEqualTo(409);

        assertThat(send("allocate", "m-8", "{\"orderid\": \"o9\", \"sku\": \"LAMP\", \"qty\": 1}").status())
                .as("a refused message has not taken effect: its id is free").isEqualTo(201);
        assertThat(available("LAMP", "b1")).isEqualTo(5);
    }
}
