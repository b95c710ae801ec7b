package dev.allocation.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.allocation.adapters.json.violation.JsonUsingWeb;
import dev.allocation.adapters.mail.conforming.MailClass;
import dev.allocation.adapters.messaging.conforming.MessagingClass;
import dev.allocation.adapters.messaging.violation.MessagingUsingTheUnitOfWork;
import dev.allocation.adapters.messaging.violation.MessagingUsingWeb;
import dev.allocation.adapters.persistence.conforming.PersistenceClass;
import dev.allocation.adapters.persistence.violation.PersistenceUsingOpenTelemetry;
import dev.allocation.adapters.persistence.violation.PersistenceUsingWeb;
import dev.allocation.adapters.web.conforming.WebClass;
import dev.allocation.adapters.web.violation.WebUsingAHandler;
import dev.allocation.adapters.web.violation.WebUsingPersistence;
import dev.allocation.adapters.web.violation.WebUsingTheUnitOfWork;
import dev.allocation.application.conforming.ApplicationClass;
import dev.allocation.application.violation.ApplicationUsingBootstrap;
import dev.allocation.application.violation.ApplicationUsingJackson;
import dev.allocation.application.violation.ApplicationUsingJavalin;
import dev.allocation.application.violation.ApplicationUsingJdbc;
import dev.allocation.application.violation.ApplicationUsingMail;
import dev.allocation.application.violation.ApplicationUsingRabbitMq;
import dev.allocation.application.violation.ApplicationUsingSpring;
import dev.allocation.bootstrap.conforming.BootstrapWiring;
import dev.allocation.bootstrap.violation.BootstrapClass;
import dev.allocation.domain.conforming.DomainClass;
import dev.allocation.domain.violation.DomainUsingALogger;
import dev.allocation.violation.cycle.a.A;
import dev.allocation.violation.cycle.b.B;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each rule, shown a small class that breaks it (the fixtures in the {@code violation} packages of
 * this module's tests), reports a violation; shown classes that keep it, one from each layer (the
 * {@code conforming} packages), it reports none, having checked them.
 */
class ArchitectureRulesCanFailTest {

    static Stream<Arguments> rulesAndTheirViolations() {
        return Stream.of(
                arguments("domain", ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_THE_JDK, new Class<?>[]{DomainUsingALogger.class}),
                arguments("application", ArchitectureRules.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN, new Class<?>[]{ApplicationUsingJavalin.class}),
                arguments("web through the driving ports: unit of work", ArchitectureRules.WEB_GOES_THROUGH_THE_DRIVING_PORTS,
                        new Class<?>[]{WebUsingTheUnitOfWork.class}),
                arguments("web through the driving ports: handlers", ArchitectureRules.WEB_GOES_THROUGH_THE_DRIVING_PORTS,
                        new Class<?>[]{WebUsingAHandler.class}),
                arguments("adapters apart: messaging to web", ArchitectureRules.ADAPTERS_DO_NOT_KNOW_EACH_OTHER,
                        new Class<?>[]{MessagingUsingWeb.class, WebClass.class}),
                arguments("adapters apart: web to persistence", ArchitectureRules.ADAPTERS_DO_NOT_KNOW_EACH_OTHER,
                        new Class<?>[]{WebUsingPersistence.class, PersistenceClass.class}),
                arguments("adapters apart: the JSON parser to web", ArchitectureRules.ADAPTERS_DO_NOT_KNOW_EACH_OTHER,
                        new Class<?>[]{JsonUsingWeb.class, WebClass.class}),
                arguments("adapters apart: persistence to web", ArchitectureRules.ADAPTERS_DO_NOT_KNOW_EACH_OTHER,
                        new Class<?>[]{PersistenceUsingWeb.class, WebClass.class}),
                arguments("messaging through the bus", ArchitectureRules.MESSAGING_GOES_THROUGH_THE_BUS,
                        new Class<?>[]{MessagingUsingTheUnitOfWork.class}),
                arguments("broker clients", ArchitectureRules.BROKER_CLIENTS_ONLY_IN_MESSAGING,
                        new Class<?>[]{ApplicationUsingRabbitMq.class}),
                arguments("mail", ArchitectureRules.MAIL_ONLY_IN_THE_MAIL_ADAPTER, new Class<?>[]{ApplicationUsingMail.class}),
                arguments("bootstrap", ArchitectureRules.ONLY_BOOTSTRAP_KNOWS_BOOTSTRAP,
                        new Class<?>[]{ApplicationUsingBootstrap.class, BootstrapClass.class}),
                arguments("cycles", ArchitectureRules.NO_PACKAGE_CYCLES, new Class<?>[]{A.class, B.class}),
                arguments("javalin", ArchitectureRules.JAVALIN_ONLY_IN_WEB, new Class<?>[]{ApplicationUsingJavalin.class}),
                arguments("json", ArchitectureRules.JSON_ONLY_IN_ADAPTERS, new Class<?>[]{ApplicationUsingJackson.class}),
                arguments("opentelemetry", ArchitectureRules.OPEN_TELEMETRY_ONLY_AT_THE_EDGES,
                        new Class<?>[]{PersistenceUsingOpenTelemetry.class}),
                arguments("jdbc", ArchitectureRules.JDBI_AND_JDBC_ONLY_IN_PERSISTENCE, new Class<?>[]{ApplicationUsingJdbc.class}),
                arguments("spring", ArchitectureRules.SPRING_ONLY_IN_BOOTSTRAP, new Class<?>[]{ApplicationUsingSpring.class}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesAndTheirViolations")
    void reportsTheViolation(String name, ArchRule rule, Class<?>[] violation) {
        JavaClasses classes = new ClassFileImporter().importClasses(violation);

        assertThat(rule.evaluate(classes).hasViolation()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesAndTheirViolations")
    void acceptsConformingClassesOfEveryLayer(String name, ArchRule rule, Class<?>[] violation) {
        JavaClasses classes = new ClassFileImporter().importClasses(DomainClass.class, ApplicationClass.class,
                WebClass.class, PersistenceClass.class, MessagingClass.class, MailClass.class, BootstrapWiring.class);

        // allowEmptyShould(false): a rule that matched none of them would fail here rather than pass unchecked.
        assertThat(rule.allowEmptyShould(false).evaluate(classes).hasViolation()).isFalse();
    }
}
