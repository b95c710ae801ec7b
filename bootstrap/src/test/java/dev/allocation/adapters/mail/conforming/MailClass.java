package dev.allocation.adapters.mail.conforming;

/** Keeps the mail adapter's rules: Jakarta Mail, and the notifications port it implements. */
public class MailClass {
    jakarta.mail.Session session;
    dev.allocation.application.port.out.Notifications notifications;
}
