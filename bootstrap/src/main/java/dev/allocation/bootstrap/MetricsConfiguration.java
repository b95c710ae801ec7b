package dev.allocation.bootstrap;

import dev.allocation.application.messagebus.BusObserver;
import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.adapters.persistence.commit.GroupStatistics;
import dev.allocation.adapters.persistence.JdbiDatabase;
import io.micrometer.core.instrument.FunctionCounter;
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
 * the group commit's,
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

    /**
     * {@code allocation_commit_groups_total}, {@code allocation_commit_grouped_total} (units of work
     * committed in them) and {@code allocation_commit_group_seconds_total}: their ratios are the mean
     * group size and the mean time to write and commit a group. {@code allocation_commit_group_replays_total}
     * counts groups that failed as a whole (a constraint, say) and were written again one by one.
     */
    @Bean
    public GroupStatistics groupCommitMeters(JdbiDatabase database, MeterRegistry registry) {
        GroupStatistics statistics = database.groupCommits();
        FunctionCounter.builder("allocation.commit.groups", statistics, GroupStatistics::groups)
                .description("Transactions that committed units of work together").register(registry);
        FunctionCounter.builder("allocation.commit.grouped", statistics, GroupStatistics::unitsOfWork)
                .description("Units of work committed in those transactions").register(registry);
        FunctionCounter.builder("allocation.commit.group.seconds", statistics, s -> s.nanos() / 1e9)
                .description("Time spent writing and committing them").register(registry);
        FunctionCounter.builder("allocation.commit.group.replays", statistics, GroupStatistics::replayed)
                .description("Groups that failed as a whole and were written again one unit of work at a time")
                .register(registry);
        return statistics;
    }

    @Bean
    public DeliveryGauges deliveryGauges(DeliveryAdmin deliveries, MeterRegistry registry) {
        return new DeliveryGauges(deliveries, Clock.systemUTC(), registry);
    }
}
