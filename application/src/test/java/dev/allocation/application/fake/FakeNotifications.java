package dev.allocation.application.fake;

import dev.allocation.application.port.out.Notifications;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers the SKUs it was told are out of stock. */
public final class FakeNotifications implements Notifications {

    private final List<String> outOfStock = new CopyOnWriteArrayList<>();

    @Override
    public void outOfStock(String sku) {
        outOfStock.add(sku);
    }

    public List<String> outOfStock() {
        return List.copyOf(outOfStock);
    }
}
