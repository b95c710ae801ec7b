package dev.allocation.bootstrap;

import dev.allocation.application.port.out.Notifications;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Out-of-stock notifications that give a test one delivery of each state: the first waits for the
 * test (pending while it waits), the next ones fail (dead, under a one-attempt policy): one, or as many
 * as asked for; the rest are sent.
 */
final class ScriptedNotifications implements Notifications {

    final CountDownLatch firstStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirst = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final int failing;

    ScriptedNotifications() {
        this(1);
    }

    ScriptedNotifications(int failing) {
        this.failing = failing;
    }

    @Override
    public void outOfStock(String sku) {
        int call = calls.incrementAndGet();
        if (call == 1) {
            firstStarted.countDown();
            try {
                releaseFirst.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (call <= 1 + failing) {
            throw new IllegalStateException("the mail server is away");
        }
        sent.add(sku);
    }
}
