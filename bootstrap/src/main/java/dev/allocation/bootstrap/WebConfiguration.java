package dev.allocation.bootstrap;

import dev.allocation.adapters.web.AdminAccess;
import dev.allocation.adapters.web.HttpServer;
import dev.allocation.adapters.web.Operations;
import dev.allocation.adapters.web.Views;
import dev.allocation.adapters.web.WebMetrics;
import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.ComponentHealth;
import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.EventHistoryView;
import dev.allocation.application.port.in.EventReplays;
import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.in.ProductsView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import dev.allocation.application.port.out.DeadLetters;
import dev.allocation.application.services.DeadCommandAdminService;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/** The HTTP API. It is started by {@link AllocationService} once everything is wired. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean(destroyMethod = "stop")
    public HttpServer httpServer(CommandBus bus, AllocationsView allocationsView, OrdersView ordersView,
                                 ProductsView productsView, EventHistoryView historyView, HealthCheck healthCheck,
                                 ObjectProvider<ComponentHealth> components, DeliveryAdmin deliveryAdmin, EventReplays replays,
                                 ObjectProvider<DeadLetters> deadLetters,
                                 ServiceSettings settings, PrometheusMeterRegistry registry,
                                 OpenTelemetry telemetry) {
        return new HttpServer(bus, new Views(allocationsView, ordersView, productsView, historyView), healthCheck, new Operations(components.orderedStream().toList(),
                settings.adminToken().map(token -> new AdminAccess(token, deliveryAdmin, replays,
                        Optional.ofNullable(deadLetters.getIfAvailable()).map(DeadCommandAdminService::new))),
                Optional.of(new WebMetrics(registry, registry::scrape)), telemetry), settings.http());
    }
}
