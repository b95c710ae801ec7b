package dev.allocation.adapters.persistence;

/**
 * The kill -9 contract on an H2 file whose space is being reclaimed: the child commits for the 45 s
 * that H2 keeps chunks, and longer, until old chunks have been rewritten and their space is reused.
 */
class H2CrashWhileReclaimingTest extends H2CrashDurabilityTest {

    @Override
    protected int reclaimingRoundsBeforeKill() {
        return 40;
    }
}
