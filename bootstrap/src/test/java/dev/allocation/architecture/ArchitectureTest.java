package dev.allocation.architecture;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Checks the production classes of every module against {@link ArchitectureRules}. */
@AnalyzeClasses(packages = ArchitectureRules.ROOT, importOptions = ProductionClassesOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdk = ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_THE_JDK;
    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheDomain = ArchitectureRules.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN;
    @ArchTest
    static final ArchRule webGoesThroughTheDrivingPorts = ArchitectureRules.WEB_GOES_THROUGH_THE_DRIVING_PORTS;
    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther = ArchitectureRules.ADAPTERS_DO_NOT_KNOW_EACH_OTHER;
    @ArchTest
    static final ArchRule messagingGoesThroughTheBus = ArchitectureRules.MESSAGING_GOES_THROUGH_THE_BUS;
    @ArchTest
    static final ArchRule brokerClientsOnlyInMessaging = ArchitectureRules.BROKER_CLIENTS_ONLY_IN_MESSAGING;
    @ArchTest
    static final ArchRule mailOnlyInTheMailAdapter = ArchitectureRules.MAIL_ONLY_IN_THE_MAIL_ADAPTER;
    @ArchTest
    static final ArchRule onlyBootstrapKnowsBootstrap = ArchitectureRules.ONLY_BOOTSTRAP_KNOWS_BOOTSTRAP;
    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;
    @ArchTest
    static final ArchRule javalinOnlyInWeb = ArchitectureRules.JAVALIN_ONLY_IN_WEB;
    @ArchTest
    static final ArchRule jsonOnlyInAdapters = ArchitectureRules.JSON_ONLY_IN_ADAPTERS;
    @ArchTest
    static final ArchRule openTelemetryOnlyAtTheEdges = ArchitectureRules.OPEN_TELEMETRY_ONLY_AT_THE_EDGES;
    @ArchTest
    static final ArchRule jdbiAndJdbcOnlyInPersistence = ArchitectureRules.JDBI_AND_JDBC_ONLY_IN_PERSISTENCE;
    @ArchTest
    static final ArchRule springOnlyInBootstrap = ArchitectureRules.SPRING_ONLY_IN_BOOTSTRAP;
}
