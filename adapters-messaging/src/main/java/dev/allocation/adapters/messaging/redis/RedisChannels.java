package dev.allocation.adapters.messaging.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * cosmicpython's channels on one Redis server: {@code change_batch_quantity} in, {@code line_allocated}
 * out. The prefix is empty but where several services (or test runs) share one server.
 */
public final class RedisChannels {

    private static final int TIMEOUT_MS = 5_000;

    private final URI uri;
    private final String prefix;

    /** @throws IllegalArgumentException when the URL is not a Redis URL */
    public RedisChannels(String url, String prefix) {
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis URL (redis://host:port): " + e.getMessage(), e);
        }
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("not a Redis URL (redis://host:port): " + url);
        }
        this.prefix = prefix;
    }

    public String changeBatchQuantity() {
        return prefix + "change_batch_quantity";
    }

    public String lineAllocated() {
        return prefix + "line_allocated";
    }

    /** RESP2, which pub/sub needs and every Redis speaks. */
    Jedis connect() {
        return new Jedis(JedisURIHelper.getHostAndPort(uri), DefaultJedisClientConfig.builder()
                .timeoutMillis(TIMEOUT_MS)
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .autoNegotiateProtocol(false)
                .build());
    }

    /** Where the connections go, without a password: for logs. */
    String address() {
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }
}
