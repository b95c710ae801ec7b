package dev.allocation.architecture;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of the project, as rules. {@link ArchitectureTest} checks them; {@link ArchitectureRulesCanFailTest} proves each can fail. */
final class ArchitectureRules {

    static final String ROOT = "dev.allocation";
    static final String DOMAIN = ROOT + ".domain..";
    static final String APPLICATION = ROOT + ".application..";
    static final String WEB = ROOT + ".adapters.web..";
    static final String PERSISTENCE = ROOT + ".adapters.persistence..";
    static final String BOOTSTRAP = ROOT + ".bootstrap..";

    private ArchitectureRules() {
    }

    static final ArchRule DOMAIN_DEPENDS_ONLY_ON_THE_JDK = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
            .because("the model is plain Java");

    static final ArchRule APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN = classes()
            .that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..", "org.slf4j..")
            .because("the message bus, handlers and ports know nothing of frameworks or adapters");

    static final ArchRule WEB_DOES_NOT_KNOW_PERSISTENCE = noClasses()
            .that().resideInAPackage(WEB)
            .should().dependOnClassesThat().resideInAPackage(PERSISTENCE)
            .because("adapters never depend on each other");

    static final ArchRule PERSISTENCE_DOES_NOT_KNOW_WEB = noClasses()
            .that().resideInAPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAPackage(WEB)
            .because("adapters never depend on each other");

    static final ArchRule WEB_GOES_THROUGH_THE_BUS = noClasses()
            .that().resideInAPackage(WEB)
            .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".application.port.UnitOfWork")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".application.port.UnitOfWorkFactory")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".application.port.ProductRepository")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".application.handlers.Handlers")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".domain.model.Product")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".domain.model.Batch")
            .because("the web adapter sends events to the message bus and reads from the views, nothing more");

    static final ArchRule ONLY_BOOTSTRAP_KNOWS_BOOTSTRAP = noClasses()
            .that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .because("bootstrap wires everything and nothing depends on it");

    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching(ROOT + ".(**)")
            .should().beFreeOfCycles();

    static final ArchRule JAVALIN_AND_JACKSON_ONLY_IN_WEB = noClasses()
            .that().resideOutsideOfPackage(WEB)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "com.fasterxml.jackson..")
            .because("HTTP and JSON are the web adapter's business");

    static final ArchRule JDBI_AND_JDBC_ONLY_IN_PERSISTENCE = noClasses()
            .that().resideOutsideOfPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..")
            .because("SQL is the persistence adapter's business");

    static final ArchRule SPRING_ONLY_IN_BOOTSTRAP = noClasses()
            .that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("only bootstrap wires; the core is plain Java");
}
