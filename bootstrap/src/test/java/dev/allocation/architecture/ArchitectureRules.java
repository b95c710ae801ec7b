package dev.allocation.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.allocation.application.port.out.DeadLetters;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.ReplayPublisher;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.domain.model.Refusal;
import net.logstash.logback.composite.JsonProvider;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

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
    static final String MESSAGING = ROOT + ".adapters.messaging..";
    static final String MAIL = ROOT + ".adapters.mail..";
    static final String JSON = ROOT + ".adapters.json..";
    static final String BOOTSTRAP = ROOT + ".bootstrap..";
    static final String ADAPTERS = ROOT + ".adapters..";
    static final String DRIVEN_PORTS = ROOT + ".application.port.out..";
    static final String HANDLERS = ROOT + ".application.handlers..";
    static final String MESSAGE_BUS = ROOT + ".application.messagebus..";
    static final String MODEL = ROOT + ".domain.model..";

    /**
     * What a driving adapter hears back from behind the ports besides the views' records: exceptions,
     * the kind of a refusal, and the outcome of an allocation (a value the model decides).
     */
    private static final DescribedPredicate<JavaClass> ANSWERS = assignableTo(RuntimeException.class)
            .or(equivalentTo(Refusal.Kind.class)).or(assignableTo(AllocationOutcome.class))
            .as("exceptions, Refusal.Kind and AllocationOutcome");

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

    static final ArchRule WEB_GOES_THROUGH_THE_DRIVING_PORTS = noClasses()
            .that().resideInAPackage(WEB)
            .should().dependOnClassesThat(resideInAnyPackage(HANDLERS, MESSAGE_BUS))
            .orShould().dependOnClassesThat(resideInAnyPackage(DRIVEN_PORTS, MODEL).and(ANSWERS.negate()))
            .because("a driving adapter sends commands through the driving ports (the command bus, the views) and "
                    + "hears back their answers and exceptions; units of work, handlers and aggregates are behind them");

    static final ArchRule ADAPTERS_DO_NOT_KNOW_EACH_OTHER = slices()
            .matching(ROOT + ".adapters.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage(JSON))
            .because("adapters never depend on each other; the driving ones share only the parser of JSON command bodies");

    static final ArchRule MESSAGING_GOES_THROUGH_THE_BUS = noClasses()
            .that().resideInAPackage(MESSAGING)
            .should().dependOnClassesThat(resideInAnyPackage(HANDLERS, MESSAGE_BUS))
            .orShould().dependOnClassesThat(resideInAPackage(DRIVEN_PORTS).and(equivalentTo(EventPublisher.class)
                    .or(equivalentTo(ReplayPublisher.class)).or(equivalentTo(DeadLetters.class))
                    .or(equivalentTo(DeadLetters.DeadLetter.class)).or(equivalentTo(DeadLetters.Shelf.class)).or(ANSWERS).negate()))
            .orShould().dependOnClassesThat(resideInAPackage(MODEL).and(ANSWERS.negate()))
            .because("messages in become commands for the bus, as requests do; the only ways out are the publisher ports, "
                    + "which the relay and the replays call with stored events, and the dead letters the broker keeps");

    static final ArchRule BROKER_CLIENTS_ONLY_IN_MESSAGING = noClasses()
            .that().resideOutsideOfPackage(MESSAGING)
            .should().dependOnClassesThat().resideInAnyPackage("com.rabbitmq..", "redis.clients..")
            .because("brokers are the messaging adapter's business");

    static final ArchRule MAIL_ONLY_IN_THE_MAIL_ADAPTER = noClasses()
            .that().resideOutsideOfPackage(MAIL)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..")
            .because("SMTP is the mail adapter's business; the core only knows the notifications port");

    static final ArchRule ONLY_BOOTSTRAP_KNOWS_BOOTSTRAP = noClasses()
            .that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .because("bootstrap wires everything and nothing depends on it");

    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching(ROOT + ".(**)")
            .should().beFreeOfCycles();

    static final ArchRule JAVALIN_ONLY_IN_WEB = noClasses()
            .that().resideOutsideOfPackage(WEB)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
            .because("HTTP is the web adapter's business");

    static final ArchRule JSON_ONLY_IN_ADAPTERS = noClasses()
            .that().resideOutsideOfPackage(ADAPTERS)
            .and(assignableTo(JsonProvider.class).negate())
            .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
            .because("messages travel and are stored as JSON at the edges; the core works with records "
                    + "(the JSON log's field providers write with Jackson's generator, as the encoder's own do)");

    static final ArchRule OPEN_TELEMETRY_ONLY_AT_THE_EDGES = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION, PERSISTENCE, MAIL, JSON)
            .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..")
            .because("the core makes its spans through the tracing port; only the driving adapters (reading trace "
                    + "context from requests and messages) and bootstrap (the SDK behind the port) know OpenTelemetry");

    static final ArchRule JDBI_AND_JDBC_ONLY_IN_PERSISTENCE = noClasses()
            .that().resideOutsideOfPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..")
            .because("SQL is the persistence adapter's business");

    static final ArchRule SPRING_ONLY_IN_BOOTSTRAP = noClasses()
            .that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("only bootstrap wires; the core is plain Java");
}
