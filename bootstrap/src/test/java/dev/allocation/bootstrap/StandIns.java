package dev.allocation.bootstrap;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.util.function.Consumer;

/** Adds a bean that the wiring prefers to the default of its type, for a test to observe or break. */
final class StandIns {

    private StandIns() {
    }

    static <T> Consumer<AnnotationConfigApplicationContext> standIn(Class<T> type, T bean) {
        return context -> context.registerBean("test" + type.getSimpleName(), type, () -> bean,
                definition -> definition.setPrimary(true));
    }
}
