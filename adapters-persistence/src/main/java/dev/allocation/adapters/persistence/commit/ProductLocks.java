package dev.allocation.adapters.persistence.commit;

import dev.allocation.application.port.out.ConcurrencyConflict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process locks on products, held from the moment a unit of work reads (or adds) a product until it
 * ends, that is until its commit is durable. They do three things:
 * <ul>
 *   <li>A product is in at most one commit under way in this process, so the {@link ProductCache}
 *       holds what the database holds (where no other process writes it), and requests of one
 *       process wait for each other instead of failing version checks and retrying.</li>
 *   <li>H2 (2.5, MVStore, READ COMMITTED) under concurrent commits now and then lets
 *       {@code UPDATE ... WHERE version_number = ?} succeed against a version another transaction has
 *       just replaced, and a product ends up over-allocated. An embedded H2 file is open in one process
 *       only, so the lock closes that window for good.</li>
 *   <li>On PostgreSQL, shared by many processes, the version check alone decides between processes.</li>
 * </ul>
 *
 * <p>A unit of work that needs a second product waits only for stripes above those it holds; one below
 * it takes if free and otherwise gives up as a conflict (the bus retries the whole unit of work), so
 * two units of work can never wait for each other.
 */
public final class ProductLocks {

    /** Far above any unit of work's time; the bus's retry budget bounds the request as a whole. */
    private static final long WAIT_SECONDS = 2;

    private final ReentrantLock[] stripes;

    private ProductLocks(ReentrantLock[] stripes) {
        this.stripes = stripes;
    }

    public static ProductLocks striped(int count) {
        ReentrantLock[] stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
        return new ProductLocks(stripes);
    }

    /** The locks one unit of work holds; released together when it ends. */
    Held session() {
        return new Held();
    }

    final class Held {

        private final List<ReentrantLock> held = new ArrayList<>();
        /** The highest stripe held; -1 for none. */
        private int highest = -1;

        private Held() {
        }

        /** Waits for the product's lock; a unit of work that cannot get it is in conflict. */
        void lock(String sku) {
            int stripe = Math.floorMod(sku.hashCode(), stripes.length);
            ReentrantLock lock = stripes[stripe];
            if (stripe < highest && !lock.isHeldByCurrentThread()) {
                if (!lock.tryLock()) {
                    throw new ConcurrencyConflict(sku, "Product " + sku + " is locked, and waiting for it out of order could deadlock");
                }
                held.add(lock);
                return;
            }
            try {
                if (!lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new ConcurrencyConflict(sku, "Product " + sku + " stayed locked by other requests for " + WAIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConcurrencyConflict(sku, "Interrupted while waiting for product " + sku);
            }
            held.add(lock);
            highest = Math.max(highest, stripe);
        }

        void releaseAll() {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            held.clear();
            highest = -1;
        }
    }
}
