package dev.allocation.adapters.mail;

import dev.allocation.application.port.out.Notifications;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Date;
import java.util.Properties;

/**
 * Sends each notification as an email through one SMTP server, upgrading to TLS when the server
 * offers STARTTLS. It runs as the handler of a stored event: a failure is thrown, so that the
 * delivery is tried again while the server is away, and nothing is lost.
 */
public final class SmtpNotifications implements Notifications {

    /** Connecting, reading and writing each give up after this, so that a silent server fails the attempt. */
    private static final String TIMEOUT_MS = "10000";

    private final MailSettings settings;
    private final Session session;

    public SmtpNotifications(MailSettings settings) {
        this.settings = settings;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", String.valueOf(settings.port()));
        properties.put("mail.smtp.auth", String.valueOf(settings.user().isPresent()));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        properties.put("mail.smtp.timeout", TIMEOUT_MS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
        this.session = Session.getInstance(properties);
    }

    @Override
    public void outOfStock(String sku) {
        send("Out of stock for " + sku, "Out of stock for " + sku + ": an order line of it fits no batch and is not allocated.\n");
    }

    private void send(String subject, String text) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from(), true));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(settings.to(), true));
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            message.setSentDate(new Date());
            if (settings.user().isPresent()) {
                Transport.send(message, settings.user().get(), settings.password().orElse(""));
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("Could not send \"" + subject + "\" through " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }
}
