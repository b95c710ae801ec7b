package dev.allocation.adapters.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against GreenMail, an SMTP server in the test's process. */
class SmtpNotificationsTest {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
            .dynamicPort());

    @Test
    void outOfStockIsAnEmailToTheConfiguredRecipient() throws Exception {
        new SmtpNotifications(new MailSettings("127.0.0.1", smtp.getSmtp().getPort(), Optional.empty(), Optional.empty(),
                "allocations@example.com", "stock@made.com")).outOfStock("RED-CHAIR");

        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Out of stock for RED-CHAIR");
        assertThat(received.getFrom()[0].toString()).isEqualTo("allocations@example.com");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("stock@made.com");
        assertThat(((String) received.getContent())).startsWith("Out of stock for RED-CHAIR");
    }

    @Test
    void withCredentialsItLogsIn() throws Exception {
        smtp.setUser("alerts", "s3cret");
        new SmtpNotifications(new MailSettings("127.0.0.1", smtp.getSmtp().getPort(), Optional.of("alerts"), Optional.of("s3cret"),
                "allocations@example.com", "stock@made.com")).outOfStock("LAMP");

        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    }

    @Test
    void aServerThatIsAwayIsAFailureSoThatTheDeliveryIsTriedAgain() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SmtpNotifications notifications = new SmtpNotifications(new MailSettings("127.0.0.1", closed, Optional.empty(),
                Optional.empty(), "allocations@example.com", "stock@made.com"));

        assertThatThrownBy(() -> notifications.outOfStock("LAMP"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Could not send \"Out of stock for LAMP\" through 127.0.0.1:" + closed);
    }

    @Test
    void thePasswordIsNotInTheSettingsText() {
        assertThat(new MailSettings("smtp", 25, Optional.of("u"), Optional.of("s3cret"), "a@b", "c@d").toString())
                .doesNotContain("s3cret");
    }
}
