package dev.allocation.adapters.persistence;

import org.h2.store.fs.FileBaseDefault;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * H2 files that can lose power: an H2 file system ({@code jdbc:h2:powercut:/path/db}) that writes
 * through to the disk but remembers, for every file, what each write replaced since the file was last
 * forced to stable storage. {@link #cut} stops every further write and sync and undoes the writes
 * that a power cut could have lost, as a disk with a volatile cache would, then the process is halted.
 *
 * <p>In the manner of H2's own test file system {@code FilePathReorderWrites}.
 */
public final class PowerCutFiles extends FilePathWrapper {

    static final String SCHEME = "powercut";
    /** One lock for every file: a write, a sync and the cut never interleave. */
    private static final Object DISK = new Object();
    private static final List<PowerCutChannel> CHANNELS = new ArrayList<>();
    private static boolean cut;

    /** H2 makes one instance per path, through this constructor. */
    public PowerCutFiles() {
    }

    /** Makes {@code jdbc:h2:powercut:...} URLs work in this JVM. */
    static void register() {
        FilePath.register(new PowerCutFiles());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        // A file opened for synchronous writes (rwd, rws) keeps each write once it has returned.
        PowerCutChannel channel = new PowerCutChannel(getBase().open(mode), mode.startsWith("rw") && mode.length() == 3);
        synchronized (DISK) {
            if (cut) {
                throw new IOException("power cut");
            }
            CHANNELS.add(channel);
        }
        return channel;
    }

    /**
     * Cuts the power: from now on every write and sync fails, and of the writes made since each file's
     * last sync, each one is undone unless a draw with probability {@code reached} says it reached the disk.
     *
     * @return how many unsynced writes were undone
     */
    static int cut(double reached, Random random) throws IOException {
        synchronized (DISK) {
            cut = true;
            int undone = 0;
            for (PowerCutChannel channel : CHANNELS) {
                undone += channel.loseUnsynced(reached, random);
            }
            return undone;
        }
    }

    /**
     * One write since the last sync: the bytes that were there, what it wrote (none for a truncation
     * to {@code position}), and the file's size before it.
     */
    private record Write(long position, ByteBuffer before, ByteBuffer after, long sizeBefore) {

        void undo(FileChannel file) throws IOException {
            file.write(before.rewind(), position);
            if (file.size() > sizeBefore) {
                file.truncate(sizeBefore);
            }
        }

        void redo(FileChannel file) throws IOException {
            if (after == null) {
                file.truncate(position);
            } else {
                file.write(after.rewind(), position);
            }
        }
    }

    private static final class PowerCutChannel extends FileBaseDefault {

        private final FileChannel base;
        /** Newest first. */
        private final Deque<Write> unsynced = new ArrayDeque<>();

        private final boolean synchronous;

        PowerCutChannel(FileChannel base, boolean synchronous) {
            this.base = base;
            this.synchronous = synchronous;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (DISK) {
                if (cut) {
                    throw new IOException("power cut");
                }
                if (synchronous) {
                    return writeFully(src, position);
                }
                long size = base.size();
                ByteBuffer after = ByteBuffer.allocate(src.remaining());
                after.put(src.duplicate()).flip();
                unsynced.push(new Write(position, read(position, (int) Math.max(0, Math.min(after.limit(), size - position))),
                        after, size));
                return writeFully(src, position);
            }
        }

        private int writeFully(ByteBuffer src, long position) throws IOException {
            int written = 0;
            while (src.hasRemaining()) {
                written += base.write(src, position + written);
            }
            return written;
        }

        @Override
        protected void implTruncate(long newSize) throws IOException {
            synchronized (DISK) {
                if (cut) {
                    throw new IOException("power cut");
                }
                long size = base.size();
                if (newSize < size && synchronous) {
                    base.truncate(newSize);
                } else if (newSize < size) {
                    unsynced.push(new Write(newSize, read(newSize, (int) (size - newSize)), null, size));
                    base.truncate(newSize);
                }
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (DISK) {
                if (cut) {
                    throw new IOException("power cut");
                }
                base.force(metaData);
                unsynced.clear();
            }
        }

        /** Back to the last sync, newest first; then forward again through the writes that reached the disk. */
        int loseUnsynced(double reached, Random random) throws IOException {
            List<Write> kept = new ArrayList<>();
            for (Write write : unsynced) {
                write.undo(base);
                if (random.nextDouble() < reached) {
                    kept.add(0, write);
                }
            }
            for (Write write : kept) {
                write.redo(base);
            }
            int lost = unsynced.size() - kept.size();
            unsynced.clear();
            base.force(true);
            return lost;
        }

        private ByteBuffer read(long position, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining() && base.read(bytes, position + bytes.position()) > 0) {
                // until all is read, or the end of the file
            }
            return bytes.flip();
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
