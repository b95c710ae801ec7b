package dev.allocation.bootstrap;

import dev.allocation.application.messagebus.BusObserver;
import dev.allocation.application.port.in.DeliveryAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Metrics: one Prometheus registry, served at {@code GET /metrics}, with the JVM's meters, the
 * bus's (through {@link BusObserver}, so that the core knows no metrics library), the deliveries',
 * and those HikariCP and the web adapter register in it.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    public PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** Listens to the JVM's GC notifications until closed. */
    @Bean(destroyMethod = "close")
    public JvmGcMetrics gcMetrics(MeterRegistry registry) {
        JvmGcMetrics metrics = new JvmGcMetrics();
        metrics.bindTo(registry);
        return metrics;
    }

    @Bean
    public BusObserver busObserver(MeterRegistry registry) {
        return new MicrometerBusObserver(registry);
    }

    @Bean
    public DeliveryGauges deliveryGauges(DeliveryAdmin deliveries, MeterRegistry registry) {
        return new DeliveryGauges(deliveries, Clock.systemUTC(), registry);
    }
}
