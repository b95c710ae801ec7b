package dev.allocation.adapters.messaging.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;

/**
 * Opens connections to the broker at one URL. Recovery is ours, not the client's: the publisher opens
 * a new connection on its next attempt and the consumer on its next check, so what happens while the
 * broker is away is plain to read.
 */
public final class RabbitConnections {

    private final ConnectionFactory factory;

    /** @throws IllegalArgumentException when the URL is not an AMQP URL */
    public RabbitConnections(String url) {
        factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an AMQP URL (amqp://user:password@host:port/vhost): " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setShutdownTimeout(2_000);
        factory.setRequestedHeartbeat(10);
    }

    Connection open(String name) throws IOException, TimeoutException {
        return factory.newConnection(name);
    }

    /** Where the connections go, without the password: for logs. */
    public String address() {
        String vhost = factory.getVirtualHost();
        return "amqp://" + factory.getHost() + ":" + factory.getPort() + "/" + (vhost.equals("/") ? "%2F" : vhost);
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing what is broken already
        }
    }
}
