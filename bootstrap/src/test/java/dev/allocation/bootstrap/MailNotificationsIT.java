package dev.allocation.bootstrap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.allocation.adapters.mail.MailSettings;
import dev.allocation.adapters.persistence.DatabaseSettings;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Out of stock is mailed from the stored event: a mail server that is away when it happens gets the
 * email once it is there, from the relay's retries.
 */
class MailNotificationsIT {

    @TempDir
    Path folder;

    @Test
    void theOutOfStockEmailWaitsForTheMailServerAndIsSentOnce() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ServiceSettings settings = new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                .withMail(new MailSettings("127.0.0.1", port, Optional.empty(), Optional.empty(),
                        "allocations@example.com", "stock@made.com"));
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (AllocationService service = AllocationService.start(settings)) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            http.addBatch("b1", "LAMP", 1, null);
            assertThat(http.allocate("o1", "LAMP", 5).status()).as("out of stock, whatever the mail server").isEqualTo(409);

            // The first attempts fail: nobody listens on the port yet.
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/metrics").raw()
                    .contains("allocation_messages_seconds_count{message=\"OutOfStock\",outcome=\"failed\"}"));
            smtp.start();
            assertThat(smtp.waitForIncomingEmail(20_000, 1)).as("sent by a retry once the server is there").isTrue();
            MimeMessage received = smtp.getReceivedMessages()[0];
            assertThat(received.getSubject()).isEqualTo("Out of stock for LAMP");
            assertThat(received.getAllRecipients()[0].toString()).isEqualTo("stock@made.com");
            // Done once the delivery is: nothing is left to send it again.
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/metrics").raw()
                    .contains("allocation_deliveries{state=\"pending\"} 0"));
            assertThat(smtp.getReceivedMessages()).as("once").hasSize(1);
        } finally {
            smtp.stop();
        }
    }
}
