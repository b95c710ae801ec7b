package dev.allocation.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.allocation.adapters.persistence.violation.PersistenceUsingWeb;
import dev.allocation.adapters.web.violation.WebUsingPersistence;
import dev.allocation.adapters.web.violation.WebUsingTheUnitOfWork;
import dev.allocation.application.violation.ApplicationUsingBootstrap;
import dev.allocation.application.violation.ApplicationUsingJavalin;
import dev.allocation.application.violation.ApplicationUsingJdbc;
import dev.allocation.application.violation.ApplicationUsingSpring;
import dev.allocation.bootstrap.violation.BootstrapClass;
import dev.allocation.domain.model.Product;
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
 * this module's tests), reports a violation; shown a class that keeps it, it reports none.
 */
class ArchitectureRulesCanFailTest {

    static Stream<Arguments> rulesAndTheirViolations() {
        return Stream.of(
                arguments("domain", ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_THE_JDK, new Class<?>[]{DomainUsingALogger.class}),
                arguments("application", ArchitectureRules.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN, new Class<?>[]{ApplicationUsingJavalin.class}),
                arguments("web to persistence", ArchitectureRules.WEB_DOES_NOT_KNOW_PERSISTENCE,
                        new Class<?>[]{WebUsingPersistence.class, PersistenceUsingWeb.class}),
                arguments("persistence to web", ArchitectureRules.PERSISTENCE_DOES_NOT_KNOW_WEB,
                        new Class<?>[]{WebUsingPersistence.class, PersistenceUsingWeb.class}),
                arguments("web through the bus", ArchitectureRules.WEB_GOES_THROUGH_THE_BUS, new Class<?>[]{WebUsingTheUnitOfWork.class}),
                arguments("bootstrap", ArchitectureRules.ONLY_BOOTSTRAP_KNOWS_BOOTSTRAP,
                        new Class<?>[]{ApplicationUsingBootstrap.class, BootstrapClass.class}),
                arguments("cycles", ArchitectureRules.NO_PACKAGE_CYCLES, new Class<?>[]{A.class, B.class}),
                arguments("javalin", ArchitectureRules.JAVALIN_AND_JACKSON_ONLY_IN_WEB, new Class<?>[]{ApplicationUsingJavalin.class}),
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
    void acceptsAConformingClass(String name, ArchRule rule, Class<?>[] violation) {
        JavaClasses classes = new ClassFileImporter().importClasses(Product.class, BootstrapClass.class);

        assertThat(rule.allowEmptyShould(true).evaluate(classes).hasViolation()).isFalse();
    }
}
