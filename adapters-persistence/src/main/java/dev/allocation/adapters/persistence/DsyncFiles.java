package dev.allocation.adapters.persistence;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An H2 file system ({@code jdbc:h2:dsync:./data/allocation}) that opens every file H2 writes with
 * {@code O_DSYNC}: each write is on stable storage before it returns, in the order H2 made them.
 *
 * <p>H2 itself syncs only when it closes or compacts, so an OS crash or a power cut could lose any
 * write since, and leave on disk a later write (a chunk written over the space of one that an
 * unsynced write had just freed) without the earlier one it depends on. With every write synced, what
 * the disk holds after a power cut is what it holds after a {@code kill -9}: every write that had
 * returned, which H2's recovery reads back to the newest commit.
 */
public final class DsyncFiles extends FilePathWrapper {

    static final String SCHEME = "dsync";

    /** H2 makes one instance per path, through this constructor. */
    public DsyncFiles() {
    }

    /** Makes {@code jdbc:h2:dsync:...} URLs work in this JVM; registering again changes nothing. */
    static void register() {
        FilePath.register(new DsyncFiles());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return getBase().open("rw".equals(mode) ? "rwd" : mode);
    }
}
