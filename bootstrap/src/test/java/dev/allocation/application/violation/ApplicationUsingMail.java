package dev.allocation.application.violation;

/** Breaks "mail only in the mail adapter". */
public class ApplicationUsingMail {
    jakarta.mail.Session session;
}
