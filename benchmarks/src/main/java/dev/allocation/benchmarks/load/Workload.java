package dev.allocation.benchmarks.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed, seeded workload: the batches to add, then the allocations to time. Every name carries a
 * run prefix, so a workload can run again and again against the same database.
 *
 * @param expectedSuccesses how many allocations must succeed, or -1 when any number may
 */
record Workload(String name, int clients, List<Batch> batches, List<Order> orders, int expectedSuccesses) {

    record Batch(String ref, String sku, int qty, LocalDate eta) {

        String json() {
            return "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty
                    + ",\"eta\":" + (eta == null ? "null" : "\"" + eta + "\"") + "}";
        }
    }

    record Order(String orderId, String sku, int qty) {

        String json() {
            return "{\"orderid\":\"" + orderId + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty + "}";
        }
    }

    /** W1: 200 SKUs x 3 batches of 1,000,000, then 5,000 allocations of 1 to 10 on random SKUs. */
    static Workload w1(String prefix, int clients, long seed) {
        return spread("W1-" + clients, prefix, clients, seed, 200, 3, 1_000_000, 5_000, 10);
    }

    /** W2, hot products: 4 SKUs x 25 batches, then 2,000 allocations over the 4 SKUs. */
    static Workload w2(String prefix, long seed) {
        return spread("W2", prefix, 8, seed, 4, 25, 1_000_000, 2_000, 10);
    }

    /** W3, scarce stock: 1 SKU, 3 batches of {@code batchQty}, {@code orders} allocations of 1. */
    static Workload w3(String name, String prefix, int batchQty, int orders) {
        String sku = prefix + "-W3-SKU";
        List<Batch> batches = List.of(
                new Batch(prefix + "-W3-b0", sku, batchQty, null),
                new Batch(prefix + "-W3-b1", sku, batchQty, LocalDate.of(2030, 1, 1)),
                new Batch(prefix + "-W3-b2", sku, batchQty, LocalDate.of(2030, 2, 1)));
        List<Order> list = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            list.add(new Order(prefix + "-W3-o" + i, sku, 1));
        }
        return new Workload(name, 8, batches, list, 3 * batchQty);
    }

    private static Workload spread(String name, String prefix, int clients, long seed, int skus, int batchesPerSku,
                                   int batchQty, int orders, int maxQty) {
        String tag = prefix + "-" + name;
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < batchesPerSku; b++) {
            LocalDate eta = b == 0 ? null : LocalDate.of(2030, 1, 1).plusMonths(b - 1);
            for (int s = 0; s < skus; s++) {
                batches.add(new Batch(tag + "-b" + s + "-" + b, tag + "-SKU" + s, batchQty, eta));
            }
        }
        Random random = new Random(seed);
        List<Order> list = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            list.add(new Order(tag + "-o" + i, tag + "-SKU" + random.nextInt(skus), 1 + random.nextInt(maxQty)));
        }
        return new Workload(name, clients, batches, list, -1);
    }
}
