package dev.allocation.application.fake;

import dev.allocation.application.messagebus.DeliveryPolicy;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.RetryPolicy;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.UnitOfWorkFactory;

import java.time.Clock;

/** Message buses over a fake database, as the service wires them. */
public final class Buses {

    private Buses() {
    }

    /** The database must have been made with {@code handlers} as its subscriptions. */
    public static MessageBus over(FakeDatabase database, MessageRoutes handlers) {
        return over(database, database, handlers);
    }

    /** The units of work must store deliveries for {@code handlers}' subscriptions. */
    public static MessageBus over(UnitOfWorkFactory unitsOfWork, Deliveries deliveries, MessageRoutes handlers) {
        return new MessageBus(unitsOfWork, handlers, deliveries, RetryPolicy.DEFAULT, DeliveryPolicy.DEFAULT, Clock.systemUTC());
    }
}
