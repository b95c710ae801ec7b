package dev.allocation.adapters.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The child process of {@link H2PowerCutIT}: a {@link CommitLoop} on {@link PowerCutFiles}, until
 * its standard input says {@code cut <probability that an unsynced write reached the disk> <seed>}.
 * Then it cuts the power, prints {@code cut <writes lost>} and halts.
 * Arguments: the database's path (without the scheme), sku.
 */
public final class PowerCutLoop {

    private PowerCutLoop() {
    }

    public static void main(String[] args) throws IOException {
        PowerCutFiles.register();
        // As the service opens jdbc:h2:file:... (DataSourcesTest), with the power cut beneath.
        String url = "jdbc:h2:" + DsyncFiles.SCHEME + ":" + PowerCutFiles.SCHEME + ":" + args[0];
        CommitLoop.run(new DatabaseSettings(url, "sa", "", 8), args[1]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            if (words[0].equals("cut")) {
                int lost = PowerCutFiles.cut(Double.parseDouble(words[1]), new Random(Long.parseLong(words[2])));
                synchronized (System.out) {
                    System.out.println("cut " + lost);
                    System.out.flush();
                }
                Runtime.getRuntime().halt(0);
            }
        }
    }
}
