package dev.allocation.bootstrap;

import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.RetryPolicy;
import dev.allocation.application.port.Notifications;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import java.util.concurrent.Executor;

/** The message bus, its handlers and what they notify. */
@Configuration(proxyBeanMethods = false)
public class ApplicationConfiguration {

    /** Runs the beans marked for background start-up (the schema migration). */
    @Bean(name = ConfigurableApplicationContext.BOOTSTRAP_EXECUTOR_BEAN_NAME)
    public Executor bootstrapExecutor() {
        return new SimpleAsyncTaskExecutor("startup-");
    }

    @Bean
    public Notifications notifications() {
        return new LogNotifications();
    }

    @Bean
    public MessageBus messageBus(UnitOfWorkFactory unitsOfWork, Notifications notifications) {
        return new MessageBus(unitsOfWork, new Handlers(notifications).registry(), RetryPolicy.DEFAULT);
    }
}
