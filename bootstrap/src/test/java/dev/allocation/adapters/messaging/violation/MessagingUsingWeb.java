package dev.allocation.adapters.messaging.violation;

/** Breaks "adapters never depend on each other", from the messaging side. */
public class MessagingUsingWeb {
    dev.allocation.adapters.web.conforming.WebClass web;
}
