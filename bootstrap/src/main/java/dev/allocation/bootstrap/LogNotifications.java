package dev.allocation.bootstrap;

import dev.allocation.application.port.out.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Notifications as log lines: what the service does without an SMTP server. */
final class LogNotifications implements Notifications {

    private static final Logger log = LoggerFactory.getLogger("notifications");

    @Override
    public void outOfStock(String sku) {
        log.warn("Out of stock for {}", sku);
    }
}
