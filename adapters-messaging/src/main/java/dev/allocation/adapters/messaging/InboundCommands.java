package dev.allocation.adapters.messaging;

import dev.allocation.adapters.json.JsonCommandBodies;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.CommandBus.AlreadyHandled;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.commands.Fields;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.domain.commands.MessageFields;
import dev.allocation.domain.model.Refusal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a command message into a command for the bus, once per message id, and its answer or refusal
 * into an {@link Outcome}. What it throws is a passing fault (the database away, too many conflicts):
 * the message must be kept and handled again later.
 */
public final class InboundCommands {

    public static final String ADD_BATCH = "add_batch";
    public static final String ALLOCATE = "allocate";
    public static final String CHANGE_BATCH_QUANTITY = "change_batch_quantity";
    public static final String DEALLOCATE = "deallocate";
    public static final Set<String> KINDS = Set.of(ADD_BATCH, ALLOCATE, CHANGE_BATCH_QUANTITY, DEALLOCATE);

    static final int MAX_MESSAGE_ID = 255;

    private final CommandBus bus;
    private final JsonCommandBodies bodies = new JsonCommandBodies("message body");

    public InboundCommands(CommandBus bus) {
        this.bus = Objects.requireNonNull(bus);
    }

    /**
     * @param kind      the command: the routing key
     * @param messageId the sender's id; one id takes effect once
     */
    public Outcome handle(String kind, String messageId, String correlationId, byte[] body) {
        try {
            if (messageId == null || messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID) {
                throw new Unacceptable("The message must carry a message_id of 1 to " + MAX_MESSAGE_ID + " characters");
            }
            if (Fields.hasControlCharacter(messageId)) {
                throw new Unacceptable("The message_id must not contain control characters");
            }
            if (!KINDS.contains(kind)) {
                throw new Unacceptable("Unknown command '" + kind + "': the routing key must be one of "
                        + ADD_BATCH + ", " + ALLOCATE + ", " + CHANGE_BATCH_QUANTITY + " or " + DEALLOCATE);
            }
            MessageFields fields = bodies.parse(body);
            return switch (kind) {
                case ADD_BATCH -> Outcome.done(201, Map.of("ref", bus.handleOnce(messageId, fields.createBatch(), correlationId)));
                case ALLOCATE -> allocate(fields.allocate(), messageId, correlationId);
                case DEALLOCATE -> deallocate(fields.deallocate(), messageId, correlationId);
                default -> changeBatchQuantity(fields.changeBatchQuantityInEitherForm(), messageId, correlationId);
            };
        } catch (AlreadyHandled e) {
            return Outcome.done(200, Map.of("message", e.getMessage()));
        } catch (Refusal e) {
            return Outcome.refused(statusOf(e.kind()), e.getMessage());
        }
    }

    private Outcome allocate(Allocate command, String messageId, String correlationId) {
        AllocationOutcome outcome = bus.handleOnce(messageId, command, correlationId);
        if (outcome instanceof AllocationOutcome.InBatch in) {
            return Outcome.done(201, Map.of("batchref", in.batchRef()));
        }
        if (outcome instanceof AllocationOutcome.Waiting) {
            return Outcome.done(202, Map.of("status", "backordered"));
        }
        return Outcome.done(409, Map.of("message", "Out of stock for " + command.sku()));
    }

    private Outcome deallocate(Deallocate command, String messageId, String correlationId) {
        LineReleased released = bus.handleOnce(messageId, command, correlationId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderid", released.orderId());
        body.put("sku", released.sku());
        body.put("qty", released.qty());
        body.put("batchref", released.batchRef());
        return Outcome.done(200, body);
    }

    private Outcome changeBatchQuantity(ChangeBatchQuantity command, String messageId, String correlationId) {
        int qty = bus.handleOnce(messageId, command, correlationId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", command.ref());
        body.put("qty", qty);
        return Outcome.done(200, body);
    }

    /** The status the HTTP route gives the same refusal. */
    private static int statusOf(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }
}
