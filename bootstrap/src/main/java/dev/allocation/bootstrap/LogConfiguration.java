package dev.allocation.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Set;

/**
 * The service's logging, set up in code: parsing an XML configuration took about half a second
 * of the start-up. A {@code logback.xml}, {@code logback-test.xml} or {@code -Dlogback.configurationFile}
 * still wins, so operators can configure logging as usual.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /** {@code LOG_FORMAT}: {@code text} (the default) or {@code json}. */
    static final String FORMAT = "LOG_FORMAT";
    static final String JSON = "json";
    /** {@code LOG_LEVEL}: the level of the service's own loggers, {@code info} by default. */
    static final String LEVEL = "LOG_LEVEL";
    static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogConfiguration.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Encoder<ILoggingEvent> encoder = JSON.equals(System.getenv(FORMAT)) ? json(context) : text(context);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(console);
        Level level = Level.toLevel(System.getenv(LEVEL), Level.INFO);
        context.getLogger("dev.allocation").setLevel(level);
        context.getLogger("notifications").setLevel(level);
        // A start-up that fails is reported in one line by the service's main, not by Spring.
        context.getLogger("org.springframework.context.annotation.AnnotationConfigApplicationContext").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The request's correlation id, when there is one, follows the message in brackets. */
    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg"
                + "%replace( [%mdc{correlation_id}]){' \\[\\]', ''}%n");
        encoder.start();
        return encoder;
    }

    /** One JSON object a line: time, level, logger, thread, message, the MDC's ids, and the exception. */
    static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = encoder.getFieldNames();
        names.setTimestamp("time");
        names.setLogger("logger");
        names.setThread("thread");
        names.setStackTrace("exception");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        encoder.addProvider(new TraceIdsJsonProvider());
        encoder.start();
        return encoder;
    }
}
