package dev.allocation.benchmarks.load;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A broker outage that a running service lives through, on the real RabbitMQ and without a proxy in the
 * way of what the service sends: the service's user and virtual host do not exist while the broker is
 * "away" (every connection it tries is refused), and {@link #end()} creates them. Uses {@code rabbitmqctl}
 * on this machine; {@link #close()} deletes both again.
 */
final class BrokerOutage implements AutoCloseable {

    private final URI broker;
    private final String vhost;
    private final String user;
    private final String password = UUID.randomUUID().toString();
    private boolean vhostMade;
    private boolean userMade;

    BrokerOutage(String brokerUrl, String run) throws URISyntaxException {
        this.broker = new URI(brokerUrl);
        this.vhost = "bench-drain-" + run;
        this.user = "bench-drain-" + run;
    }

    /** The service's {@code RABBITMQ_URL}: refused until {@link #end()}. */
    String serviceUrl() {
        return "amqp://" + user + ":" + password + "@" + broker.getHost() + ":" + port() + "/" + vhost;
    }

    /**
     * A connection of the benchmark's own to the service's virtual host, which this makes (the service's
     * user still cannot connect), so that a consumer is in place before the first event goes out.
     */
    Connection observer(String brokerUrl) throws Exception {
        ctl("add_vhost", vhost);
        vhostMade = true;
        String guest = userInfo()[0];
        ctl("set_permissions", "-p", vhost, guest, ".*", ".*", ".*");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(brokerUrl);
        factory.setVirtualHost(vhost);
        return factory.newConnection("outbox drain benchmark, observer");
    }

    /** The broker is back for the service. */
    void end() throws IOException, InterruptedException {
        ctl("add_user", user, password);
        userMade = true;
        ctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*");
    }

    private int port() {
        return broker.getPort() > 0 ? broker.getPort() : 5672;
    }

    private String[] userInfo() {
        String info = broker.getUserInfo();
        return info == null ? new String[] {"guest", "guest"} : info.split(":", 2);
    }

    private static void ctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (userMade) {
            ctl("delete_user", user);
        }
        if (vhostMade) {
            ctl("delete_vhost", vhost);
        }
    }
}
